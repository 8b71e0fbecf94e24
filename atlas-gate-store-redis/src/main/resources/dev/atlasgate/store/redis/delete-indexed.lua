-- Removes one session and its index entries, atomically; answers how many keys were removed.
-- KEYS[1] the session's key, KEYS[2..] its indexes; ARGV[1] the session's id
for i = 2, #KEYS do
  redis.call('ZREM', KEYS[i], ARGV[1])
end
return redis.call('DEL', KEYS[1])
