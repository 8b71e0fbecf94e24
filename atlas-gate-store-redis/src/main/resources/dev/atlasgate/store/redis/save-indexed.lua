-- Stores one session with a Redis TTL and indexes it by expiry, atomically.
-- KEYS[1] the session's key, KEYS[2..] its indexes (sorted sets of ids scored by expiry)
-- ARGV[1] the session as JSON, ARGV[2] its time to live in milliseconds (> 0),
-- ARGV[3] its id, ARGV[4] its expiry and ARGV[5] now, both in microseconds since the epoch
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[4], ARGV[3])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[5])
  -- an index lives as long as its longest-lived member (PTTL is -1 before it has a TTL)
  if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[2]) then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
  end
end
return 1
