// Prices as organisers type and read them: major units ("25.00") in the
// form, minor units (2500 pence) in the API, converted as text so that no
// floating-point rounding ever changes an amount.

/** The most the API takes, in minor units: Stripe Checkout's eight digits. */
export const maxMinor = 99_999_999;

/** Currencies offered first in the form; the API takes any Stripe takes. */
export const commonCurrencies = ["GBP", "EUR", "USD", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY", "INR", "ZAR", "SGD", "HKD"] as const;

/** How many digits the currency has after the point (2 for GBP, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en-GB", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "£25.00" for 2500 GBP; "Free" for 0 when free is wanted. */
export function formatMoney(minor: number, currency: string, free = "Free"): string {
  if (minor === 0 && free) return free;
  const digits = minorDigits(currency);
  const major = Number(majorText(minor, digits));
  try {
    return new Intl.NumberFormat("en-GB", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(major);
  } catch {
    return `${majorText(minor, digits)} ${currency}`;
  }
}

/** The amount as the form shows it: "25.00" for 2500 GBP, "" for nothing. */
export function toMajorInput(minor: number | null | undefined, currency: string): string {
  return minor === null || minor === undefined ? "" : majorText(minor, minorDigits(currency));
}

function majorText(minor: number, digits: number): string {
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
  const whole = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return minor < 0 ? `-${whole}` : whole;
}

/** What parseMoney made of the text: minor units, or why not. */
export type Parsed = { minor: number; error?: undefined } | { minor?: undefined; error: string };

/**
 * Reads a price typed in major units ("25", "25.5", "£1,250.00") as minor
 * units of currency, digit by digit. Empty is 0 when allowEmpty.
 */
export function parseMoney(text: string, currency: string, allowEmpty = true): Parsed {
  const digits = minorDigits(currency);
  const example = digits ? `like 25 or 25.${"5".padEnd(digits, "0")}` : "like 2500";
  const cleaned = text.trim().replace(/^[^\p{L}\d.,-]+/u, "").replace(/,(?=\d{3}(\D|$))/g, "").trim();
  if (cleaned === "") return allowEmpty && text.trim() === "" ? { minor: 0 } : { error: `Enter an amount in ${currency}, ${example}.` };
  const m = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!m) return { error: `Enter an amount in ${currency} in figures, ${example}.` };
  const fraction = m[2] ?? "";
  if (fraction.length > digits) {
    return { error: digits ? `Give at most ${digits} ${digits === 1 ? "digit" : "digits"} after the point in ${currency}.` : `${currency} has no smaller unit: give a whole amount.` };
  }
  const minorText = (m[1] + fraction.padEnd(digits, "0")).replace(/^0+(?=\d)/, "");
  if (minorText.length > 9 || Number(minorText) > maxMinor) {
    return { error: `Enter at most ${formatMoney(maxMinor, currency, "")}.` };
  }
  return { minor: Number(minorText) };
}
