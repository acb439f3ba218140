// Preloaded into the Agents Playground (`node --require`): it listens on every interface and
// has no host option, but local mode must stay on loopback (the bot it drives is anonymous).
// Rewriting listen()'s host is the smallest change that guarantees it.
import net from 'node:net';

const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(this: net.Server, ...args: unknown[]) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, cb]): insert or replace the host.
    const rest = args.slice(1);
    if (typeof rest[0] === 'string') rest[0] = '127.0.0.1';
    else rest.unshift('127.0.0.1');
    return originalListen.apply(this, [Number(first), ...rest] as never);
  }
  if (first && typeof first === 'object' && !('fd' in first) && !('path' in first)) {
    return originalListen.apply(this, [{ ...(first as object), host: '127.0.0.1' }, ...args.slice(1)] as never);
  }
  if (first === undefined || typeof first === 'function') {
    return originalListen.apply(this, [0, '127.0.0.1', ...args.filter((a) => a !== undefined)] as never);
  }
  return originalListen.apply(this, args as never);
} as typeof net.Server.prototype.listen;
