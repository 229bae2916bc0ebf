import pg from 'pg';
import { CHANGE_CHANNEL, type ChangeNotice, parseChangeNotice, RESYNC_NOTICE } from '../change-notice';

export type PostgresChangeListenerOptions = {
  databaseUrl: string;
  emit: (change: ChangeNotice) => void;
  /** First reconnect delay; doubled after each failed attempt up to `maxReconnectDelayMs`. */
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /**
   * A `select 1` on the LISTEN connection this often (default 10 s); no answer within
   * `heartbeatTimeoutMs` (default 5 s) counts as a dropped connection. Without it a half-open
   * socket (a NAT or firewall that forgot the flow) goes unnoticed for the OS keepalive period, and
   * every notice meanwhile is lost (issue 17 #10).
   */
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
};

export type PostgresChangeListener = { close(): Promise<void> };

/** `application_name` of the LISTEN connection, so operators (and tests) can find it. */
export const LISTENER_APPLICATION_NAME = 'gateway-change-listener';

/**
 * Holds one dedicated connection that LISTENs on the change channel (a pooled connection cannot:
 * LISTEN is per session, https://www.postgresql.org/docs/current/sql-listen.html). When the
 * connection drops it reconnects with exponential backoff and then emits a resync notice, because
 * NOTIFYs sent while it was away are lost. Resolves once the first LISTEN is active.
 */
export async function startPostgresChangeListener(
  options: PostgresChangeListenerOptions,
): Promise<PostgresChangeListener> {
  const minDelayMs = options.minReconnectDelayMs ?? 100;
  const maxDelayMs = options.maxReconnectDelayMs ?? 5_000;
  let current: pg.Client | null = null;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let failedAttempts = 0;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 10_000;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 5_000;
  let heartbeatRunning = false;
  // A session can die between connecting and becoming `current`; remember which ones did.
  const droppedClients = new WeakSet<pg.Client>();

  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({
      connectionString: options.databaseUrl,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL) options.emit(parseChangeNotice(message.payload));
    });
    // 'error' (e.g. pg_terminate_backend) and 'end' both mean this session is gone.
    client.on('error', () => onDrop(client));
    client.on('end', () => onDrop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  };

  const onDrop = (client: pg.Client): void => {
    droppedClients.add(client);
    if (closed || client !== current) return;
    current = null;
    client.end().catch(() => undefined);
    scheduleReconnect();
  };

  /** One heartbeat: the current session must answer `select 1` in time, else it is dropped. */
  const heartbeat = async (): Promise<void> => {
    const client = current;
    if (closed || heartbeatRunning || client === null) return;
    heartbeatRunning = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), heartbeatTimeoutMs);
      });
      const answer = await Promise.race([client.query('select 1').then(() => 'ok' as const), timedOut]);
      if (answer === 'timeout') {
        // A half-open socket: end() may never complete, so destroy the stream under it.
        (
          client as unknown as { connection?: { stream?: { destroy(): void } } }
        ).connection?.stream?.destroy();
        onDrop(client);
      }
    } catch {
      onDrop(client);
    } finally {
      clearTimeout(timer);
      heartbeatRunning = false;
    }
  };
  const heartbeatTimer = setInterval(() => void heartbeat(), heartbeatIntervalMs);
  heartbeatTimer.unref();

  const scheduleReconnect = (): void => {
    const backoffMs = Math.min(maxDelayMs, minDelayMs * 2 ** failedAttempts);
    // Jitter spreads the reconnects of many instances after a database restart.
    const delayMs = backoffMs / 2 + Math.random() * (backoffMs / 2);
    reconnectTimer = setTimeout(reconnect, delayMs);
    reconnectTimer.unref();
  };

  const reconnect = async (): Promise<void> => {
    reconnectTimer = null;
    if (closed) return;
    let client: pg.Client;
    try {
      client = await connect();
    } catch {
      failedAttempts += 1;
      if (!closed) scheduleReconnect();
      return;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    if (droppedClients.has(client)) {
      failedAttempts += 1;
      scheduleReconnect();
      return;
    }
    failedAttempts = 0;
    current = client;
    options.emit(RESYNC_NOTICE);
  };

  try {
    current = await connect();
  } catch (error) {
    clearInterval(heartbeatTimer);
    throw error;
  }
  if (droppedClients.has(current)) {
    clearInterval(heartbeatTimer);
    throw new Error('The change listener connection closed while starting');
  }

  return {
    async close() {
      closed = true;
      clearInterval(heartbeatTimer);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const client = current;
      current = null;
      await client?.end().catch(() => undefined);
    },
  };
}
