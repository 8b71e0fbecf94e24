-- Removes one session and its index entry, atomically; answers how many keys were removed.
-- KEYS[1] the session's key, KEYS[2] the index; ARGV[1] the session's id
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])
