import type { PublicEvent } from "../api/client";

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
            {p.logo_url && <img src={p.logo_url} alt={`${p.name} logo`} width={160} loading="lazy" />}
            <h3>{p.website ? <a href={p.website} rel="noopener">{p.name}</a> : p.name}</h3>
            {p.note && <p>{p.note}</p>}
            {p.description && <p class="muted">{p.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
