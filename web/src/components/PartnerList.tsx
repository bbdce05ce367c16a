import { useState } from "preact/hooks";
import type { PublicEvent } from "../api/client";
import "./PartnerList.css";

const kindNames: Record<string, string> = { host: "Host", knowledge_partner: "Knowledge partner", sponsor: "Sponsor" };

/** Hosts, knowledge partners and sponsors, with logos and what they contributed. */
export function PartnerList({ partners }: { partners: PublicEvent["partners"] }) {
  if (partners.length === 0) return null;
  return (
    <section aria-labelledby="partners-title">
      <h2 id="partners-title">Partners</h2>
      <ul class="partner-list">
        {partners.map((p) => (
          <li key={p.name + p.kind}>
            <p class="muted">{kindNames[p.kind] ?? p.kind}</p>
            <h3>{p.website ? <a href={p.website} rel="noopener"><PartnerName partner={p} /></a> : <PartnerName partner={p} />}</h3>
            {p.note && <p>{p.note}</p>}
            {p.description && <p class="muted">{p.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The partner's logo standing alone for its name (so its alt text is the
 *  name, and a link around it is named by it), or the name written out. The
 *  box has a fixed size, the logo fits inside it: nothing moves as it loads.
 *  A logo that fails to load gives way to the written name. */
function PartnerName({ partner }: { partner: PublicEvent["partners"][number] }) {
  const [broken, setBroken] = useState(false);
  if (!partner.logo_url || broken) return <>{partner.name}</>;
  return (
    <img class="partner-logo" src={partner.logo_url} alt={partner.name} width={160} height={80} loading="lazy" decoding="async"
      onError={() => setBroken(true)} />
  );
}
