/** Settings: what this console is connected to, display preferences, and the demo reset (a write). */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../../app/client-context';
import { Badge } from '../../components/Badge';
import { Panel } from '../../components/Panel';
import { useConnectionStore } from '../../stores/connection';
import { useUiStore } from '../../stores/ui';
import { TelescopeLimitsPanel } from './TelescopeLimitsPanel';

function DemoReset() {
  const client = useClient();
  const canWrite = useConnectionStore((s) => s.appInfo?.canWrite ?? false);
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    setBusy(true);
    setArmed(false);
    const answer = await client.invoke('demo.reset', {});
    setBusy(false);
    setMessage(
      answer.ok
        ? `Demo observatory reset: ${answer.value.requestGroups} request groups seeded.`
        : `Reset failed: ${answer.error.message}`,
    );
  };
  return (
    <div className="setting">
      <div className="setting-text">
        <div className="strong">Reset the demo observatory</div>
        <div className="muted">
          Restores the sample request groups and simulated devices to their first-start state.
        </div>
        {!canWrite && (
          <div className="warn-text">
            This console has no write token: open it with the address printed by the core.
          </div>
        )}
        {message !== null && <div className="note">{message}</div>}
      </div>
      {armed ? (
        <div className="btn-row">
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void run()}>
            Confirm reset
          </button>
          <button type="button" className="btn" onClick={() => setArmed(false)}>
            Keep
          </button>
        </div>
      ) : (
        <button type="button" className="btn" disabled={!canWrite || busy} onClick={() => setArmed(true)}>
          {busy ? 'Resetting…' : 'Reset demo…'}
        </button>
      )}
    </div>
  );
}

export function SettingsView() {
  const { appInfo, kind } = useConnectionStore(useShallow((s) => ({ appInfo: s.appInfo, kind: s.kind })));
  const { nightVision, setNightVision } = useUiStore(
    useShallow((s) => ({ nightVision: s.nightVision, setNightVision: s.setNightVision })),
  );
  const rows: [string, string][] = appInfo
    ? [
        ['Application', `${appInfo.name} ${appInfo.version}`],
        ['Shell', appInfo.shell === 'desktop' ? 'Desktop (Electron)' : 'Site daemon (serve)'],
        ['Console transport', kind === 'electron' ? 'Electron IPC' : 'HTTP + WebSocket'],
        ['Clock', appInfo.simulate ? `Simulated, ×${appInfo.clockSpeed}` : 'Real time'],
        ['Data directory', appInfo.dataDir],
        ['Write access', appInfo.canWrite ? 'Yes' : 'Read-only (no token)'],
      ]
    : [];
  return (
    <div className="page page-settings">
      <div className="page-head">
        <h1>Settings</h1>
        <span className="page-sub">
          This console, the telescopes’ pointing limits and horizon masks (editable with write access) and the demo.
        </span>
      </div>
      <div className="grid-2">
        <Panel title="Core">
          {appInfo === null ? (
            <div className="muted">Waiting for the core…</div>
          ) : (
            <dl className="dl">
              {rows.map(([k, v]) => (
                <div key={k} className="dl-row">
                  <dt>{k}</dt>
                  <dd className={k === 'Data directory' ? 'mono' : ''}>{v}</dd>
                </div>
              ))}
            </dl>
          )}
        </Panel>
        <Panel title="Display">
          <div className="setting">
            <div className="setting-text">
              <div className="strong">Night vision</div>
              <div className="muted">
                Renders the console in dim red only, to keep dark adaptation at the telescope. Shortcut: N.
              </div>
            </div>
            <button
              type="button"
              className="btn"
              aria-pressed={nightVision}
              onClick={() => setNightVision(!nightVision)}
            >
              {nightVision ? <Badge tone="bad">On</Badge> : 'Turn on'}
            </button>
          </div>
        </Panel>
        <Panel title="Telescope limits">
          <TelescopeLimitsPanel />
        </Panel>
        <Panel title="Demo observatory">
          <DemoReset />
        </Panel>
      </div>
    </div>
  );
}
