import { describe, expect, it } from "vitest";
import { fingerprintOf, storageKeyOf, unfinishedUploads, uploadStorage } from "./uploadStore";
import { uploadFailure } from "./RecordingUpload";
import type { DetailedError } from "tus-js-client";

describe("the unfinished uploads kept in the browser", () => {
  it("stores tus's record by the file's fingerprint and finds it again for the same file only", async () => {
    localStorage.clear();
    const storage = uploadStorage();
    const file = new File(["x".repeat(10)], "talk.webm", { type: "video/webm", lastModified: 1700000000000 });
    const fingerprint = fingerprintOf("e1", file);
    const record = { size: 10, metadata: { filename: "talk.webm" }, creationTime: "now", urlStorageKey: "", uploadUrl: "/up/1", parallelUploadUrls: null };
    const key = await storage.addUpload(fingerprint, record);
    expect(key).toBe(storageKeyOf(fingerprint));
    expect(await storage.findUploadsByFingerprint(fingerprint)).toEqual([{ ...record, urlStorageKey: key }]);
    const other = new File(["x".repeat(11)], "talk.webm", { type: "video/webm", lastModified: 1700000000000 });
    expect(await storage.findUploadsByFingerprint(fingerprintOf("e1", other))).toEqual([]);
    expect(unfinishedUploads("e1").map((u) => [u.name, u.uploadUrl])).toEqual([["talk.webm", "/up/1"]]);
    expect(unfinishedUploads("e2")).toEqual([]);
    await storage.removeUpload(key);
    expect(unfinishedUploads("e1")).toEqual([]);
  });

  it("ignores items that are not its records", async () => {
    localStorage.clear();
    localStorage.setItem(storageKeyOf("e1/a/1/1"), "not json");
    localStorage.setItem("other", "{}");
    expect(unfinishedUploads("e1")).toEqual([]);
    expect(await uploadStorage().findAllUploads()).toEqual([]);
  });
});

/** A tus error as tus-js-client reports it, with the server's answer. */
const failed = (status: number, body: string) => Object.assign(new Error("tus: failed"), {
  originalRequest: {}, causingError: null,
  originalResponse: status ? { getStatus: () => status, getBody: () => body, getHeader: () => undefined, getUnderlyingObject: () => null } : null,
}) as unknown as DetailedError;

describe("an upload's failure", () => {
  it("shows the server's problem detail, and only a lost connection or a server fault may be resumed", () => {
    const problem = (detail: string) => JSON.stringify({ type: "about:blank", title: "x", status: 415, detail });
    expect(uploadFailure(failed(415, problem("This file is not an MP4 or WebM video, so it was not kept."))))
      .toEqual({ message: "This file is not an MP4 or WebM video, so it was not kept.", resumable: false });
    expect(uploadFailure(failed(413, problem("The file is larger than this server takes."))).resumable).toBe(false);
    expect(uploadFailure(failed(0, ""))).toEqual({ message: "The connection to the server was lost. Resume to carry on from where the server got to.", resumable: true });
    expect(uploadFailure(failed(503, "<html>"))).toEqual({ message: "The server could not take the file just now. Resume to try again from where it got to.", resumable: true });
  });
});
