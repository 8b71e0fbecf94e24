-- Reads a transport session and the governance session bound to it, in one round trip.
-- KEYS[1] the transport session's key; ARGV[1] the prefix of governance session keys, which share
-- the transport key's hash tag (so, on a cluster, its slot).
-- Answers {} when there is no transport session, else {transport JSON, session JSON or nil}.
local transport = redis.call('GET', KEYS[1])
if not transport then
  return {}
end
local ok, decoded = pcall(cjson.decode, transport)
local governance = ok and type(decoded) == 'table' and decoded['governance']
if type(governance) ~= 'string' or not string.match(governance, '^[A-Za-z0-9_-]+$') then
  return {transport}
end
return {transport, redis.call('GET', ARGV[1] .. governance)}
