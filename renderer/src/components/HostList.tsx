import { useHostsStore } from '../store/hosts-store';
import { HostCard } from './HostCard';

export function HostList() {
  const { hosts, loaded, error } = useHostsStore();
  return (
    <section aria-labelledby="hosts-heading" className="hosts">
      <h2 id="hosts-heading">Hosts</h2>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {!loaded && !error && <p className="notice">Loading hosts…</p>}
      {loaded && hosts.length === 0 && (
        <p className="notice">
          No hosts yet. Start Docker on this computer and ZedOps adds it as “This computer”; remote hosts come with the
          host dialog.
        </p>
      )}
      <div className="host-grid">
        {hosts.map((h) => (
          <HostCard key={h.id} host={h} />
        ))}
      </div>
    </section>
  );
}
