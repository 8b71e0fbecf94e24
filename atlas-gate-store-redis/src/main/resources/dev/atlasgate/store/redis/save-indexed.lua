-- Stores one session with a Redis TTL and indexes it by expiry, atomically.
-- KEYS[1] the session's key, KEYS[2] the index (a sorted set of ids scored by expiry)
-- ARGV[1] the session as JSON, ARGV[2] its time to live in milliseconds (> 0),
-- ARGV[3] its id, ARGV[4] its expiry and ARGV[5] now, both in microseconds since the epoch
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
-- the index lives as long as its longest-lived member (PTTL is -1 before it has a TTL)
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return 1
