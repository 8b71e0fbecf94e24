-- Takes one token from a bucket that refills at ARGV[1] tokens per second up to ARGV[2].
-- KEYS[1] the bucket, a hash {tokens, at}; ARGV[3] now, in microseconds since the epoch.
-- Answers {1 if a token was taken else 0, the tokens left as text}.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
-- a caller whose clock is behind the last one adds nothing and does not move time back
if now > at then
  tokens = math.min(burst, tokens + (now - at) / 1e6 * rate)
  at = now
end
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
local left = string.format('%.17g', tokens)
redis.call('HSET', KEYS[1], 'tokens', left, 'at', string.format('%.0f', at))
-- a bucket that is full again is the same as no bucket: Redis drops it then
local idle = math.ceil((burst - tokens) / rate * 1000) + 1000
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', idle))
return {taken, left}
