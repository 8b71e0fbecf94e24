-- Charges a shared bucket with the tokens one instance took from its own copy since it last did,
-- and answers what the bucket holds then. The bucket refills at ARGV[1] tokens per second up to
-- ARGV[2]; it may owe tokens, down to -ARGV[2], which it pays back by refilling.
-- KEYS[1] the bucket, a hash {tokens, at}; ARGV[3] now, in microseconds since the epoch;
-- ARGV[4] the tokens taken (>= 0).
-- Answers {the tokens left as text, the bucket's time in microseconds as text}.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local taken = tonumber(ARGV[4])
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
tokens = math.max(-burst, tokens - taken)
local left = string.format('%.17g', tokens)
local time = string.format('%.0f', at)
redis.call('HSET', KEYS[1], 'tokens', left, 'at', time)
-- a bucket that is full again is the same as no bucket: Redis drops it then
local idle = math.ceil((burst - tokens) / rate * 1000) + 1000
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', idle))
return {left, time}
