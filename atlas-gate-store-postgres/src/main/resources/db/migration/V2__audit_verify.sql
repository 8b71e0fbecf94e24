-- Verification of the chain in SQL, agreeing with the Java ChainVerifier: an entry's hash is the
-- SHA-256 of the RFC 8785 (JCS) canonical form of the stored entry, recomputed here. The text
-- is canonicalised again rather than hashed as stored, exactly as the Java verifier parses and
-- re-serialises it, so an entry rewritten in a non-canonical form with a hash of that form is
-- found by both.

-- A JSON number as RFC 8785 writes it: ECMAScript's Number::toString of the nearest double.
-- With extra_float_digits > 0, float8 output is the shortest decimal that reads back as the
-- same double, except that it never ends on one of the two points half-way to the neighbouring
-- doubles, which ECMAScript (reading half-way points to even) allows: a shorter decimal is
-- looked for there. The layout is then ECMAScript's.
CREATE FUNCTION audit_canonical_number(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET extra_float_digits = 1
AS $$
DECLARE
  value float8 := raw::float8;
  shortest text;
  mantissa text;
  exponent int := 0;
  digits text;
  n int;
  k int;
  e int;
  down text;
  up text;
BEGIN
  IF value = 0 THEN
    RETURN '0';
  END IF;
  IF value < 0 THEN
    RETURN '-' || audit_canonical_number((-value)::text);
  END IF;
  shortest := value::text;
  mantissa := split_part(shortest, 'e', 1);
  IF strpos(shortest, 'e') > 0 THEN
    exponent := split_part(shortest, 'e', 2)::int;
  END IF;
  -- value = 0.digits * 10^n
  IF strpos(mantissa, '.') = 0 THEN
    digits := mantissa;
    n := length(mantissa) + exponent;
  ELSE
    digits := replace(mantissa, '.', '');
    n := strpos(mantissa, '.') - 1 + exponent;
  END IF;
  n := n - (length(digits) - length(ltrim(digits, '0')));
  digits := rtrim(ltrim(digits, '0'), '0');
  k := length(digits);
  FOR j IN 1 .. k - 1 LOOP
    down := substr(digits, 1, j);
    up := (down::numeric + 1)::text;
    IF (down || 'e' || (n - j))::float8 = value THEN
      digits := rtrim(down, '0');
      EXIT;
    ELSIF (up || 'e' || (n - j))::numeric <= 1.7976931348623157e308
          AND (up || 'e' || (n - j))::float8 = value THEN
      n := n + length(up) - j;
      digits := rtrim(up, '0');
      EXIT;
    END IF;
  END LOOP;
  k := length(digits);
  IF k <= n AND n <= 21 THEN
    RETURN digits || repeat('0', n - k);
  ELSIF 0 < n AND n <= 21 THEN
    RETURN substr(digits, 1, n) || '.' || substr(digits, n + 1);
  ELSIF -6 < n AND n <= 0 THEN
    RETURN '0.' || repeat('0', -n) || digits;
  END IF;
  e := n - 1;
  RETURN CASE WHEN k = 1 THEN digits ELSE substr(digits, 1, 1) || '.' || substr(digits, 2) END
      || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END || abs(e)::text;
END
$$;

-- A sort key that orders strings by their UTF-16 code units, as RFC 8785 orders member names.
-- It differs from code point order only between U+E000..U+FFFF and the supplementary planes,
-- and for the character standing in for U+0000 (see audit_canonical_entry), which sorts first.
CREATE FUNCTION audit_utf16_key(value text, nul text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  key text := '';
  c int;
BEGIN
  FOR i IN 1 .. length(value) LOOP
    c := CASE WHEN substr(value, i, 1) = nul THEN 0 ELSE ascii(substr(value, i, 1)) END;
    IF c >= 65536 THEN
      c := c - 65536;
      key := key || lpad(to_hex(55296 + (c >> 10)), 4, '0') || lpad(to_hex(56320 + (c & 1023)), 4, '0');
    ELSE
      key := key || lpad(to_hex(c), 4, '0');
    END IF;
  END LOOP;
  RETURN key;
END
$$;

-- A JSON value in RFC 8785 canonical form. PostgreSQL's string escaping (to_json) is the one
-- RFC 8785 prescribes: \" \\ \b \f \n \r \t, other controls as lowercase \u00xx, nothing else.
-- nul is the character standing in for U+0000 in value, if any (it is in U+FDD0..U+FDEF).
CREATE FUNCTION audit_canonical(value json, nul text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  result text;
BEGIN
  CASE json_typeof(value)
    WHEN 'object' THEN
      IF EXISTS (SELECT 1 FROM json_object_keys(value) k WHERE k ~ '[\uE000-\U0010FFFF]') THEN
        SELECT '{' || coalesce(string_agg(to_json(m.key)::text || ':' || audit_canonical(m.value, nul), ','
                                          ORDER BY audit_utf16_key(m.key, nul) COLLATE "C"), '') || '}'
          INTO result FROM json_each(value) m;
      ELSE
        SELECT '{' || coalesce(string_agg(to_json(m.key)::text || ':' || audit_canonical(m.value, nul), ','
                                          ORDER BY m.key COLLATE "C"), '') || '}'
          INTO result FROM json_each(value) m;
      END IF;
    WHEN 'array' THEN
      SELECT '[' || coalesce(string_agg(audit_canonical(a.element, nul), ',' ORDER BY a.position), '') || ']'
        INTO result FROM json_array_elements(value) WITH ORDINALITY AS a(element, position);
    WHEN 'string' THEN
      result := to_json(value #>> '{}')::text;
    WHEN 'number' THEN
      result := audit_canonical_number(btrim(value::text));
    WHEN 'boolean' THEN
      result := btrim(value::text);
    ELSE
      result := 'null';
  END CASE;
  RETURN result;
END
$$;

-- A stored entry text in canonical form. U+0000 (which PostgreSQL text cannot hold) travels
-- through the canonicalisation as a noncharacter that the entry does not contain.
CREATE FUNCTION audit_canonical_entry(entry text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  stand_in text;
BEGIN
  IF strpos(entry, '\u0000') = 0 THEN
    RETURN audit_canonical(entry::json, NULL);
  END IF;
  SELECT chr(c) INTO stand_in
    FROM generate_series(64976, 65007) c
   WHERE strpos(entry, chr(c)) = 0 AND entry !~* ('\\u' || to_hex(c))
   ORDER BY c LIMIT 1;
  IF stand_in IS NULL THEN
    RAISE EXCEPTION 'the entry holds U+0000 and every character of U+FDD0..U+FDEF';
  END IF;
  RETURN replace(audit_canonical(audit_without_nul(entry, stand_in)::json, stand_in), stand_in, '\u0000');
END
$$;

-- The hash an entry text should carry.
CREATE FUNCTION audit_entry_hash(entry text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT encode(sha256(convert_to(audit_canonical_entry(entry), 'UTF8')), 'hex')
$$;

-- Recomputes the whole chain (audit_archive, then audit_log) from the first entry and names the
-- first place it breaks, as the Java ChainVerifier does given the head kept in audit_head:
-- SEQ_GAP, PREV_HASH_MISMATCH, HASH_MISMATCH, MALFORMED, or HEAD_MISMATCH when the chain does
-- not end at that head (entries cut from its end).
CREATE FUNCTION audit_verify()
RETURNS TABLE (valid boolean, first_invalid_seq bigint, reason text, entries_checked bigint,
               head_seq bigint, head_hash text, detail text)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  r record;
  last_seq bigint := 0;
  last_hash text := repeat('0', 64);
  recomputed text;
  kept record;
BEGIN
  FOR r IN SELECT c.seq, c.prev_hash, c.hash, c.entry FROM audit_chain c ORDER BY c.seq LOOP
    IF r.seq <> last_seq + 1 THEN
      RETURN QUERY SELECT false, last_seq + 1, 'SEQ_GAP', last_seq, last_seq, last_hash,
        format('expected seq %s, found %s', last_seq + 1, r.seq);
      RETURN;
    END IF;
    IF r.prev_hash <> last_hash THEN
      RETURN QUERY SELECT false, r.seq, 'PREV_HASH_MISMATCH', last_seq, last_seq, last_hash,
        format('prev_hash %s is not the hash of entry %s, %s', r.prev_hash, last_seq, last_hash);
      RETURN;
    END IF;
    BEGIN
      recomputed := audit_entry_hash(r.entry);
    EXCEPTION WHEN OTHERS THEN
      RETURN QUERY SELECT false, r.seq, 'MALFORMED', last_seq, last_seq, last_hash,
        format('entry at seq %s cannot be canonicalised: %s', r.seq, SQLERRM);
      RETURN;
    END;
    IF recomputed <> r.hash THEN
      RETURN QUERY SELECT false, r.seq, 'HASH_MISMATCH', last_seq, last_seq, last_hash,
        format('stored hash %s, recomputed %s', r.hash, recomputed);
      RETURN;
    END IF;
    last_seq := r.seq;
    last_hash := r.hash;
  END LOOP;
  SELECT h.seq, h.hash INTO kept FROM audit_head h;
  IF kept.seq = last_seq AND kept.hash = last_hash THEN
    RETURN QUERY SELECT true, NULL::bigint, NULL::text, last_seq, last_seq, last_hash, NULL::text;
  ELSIF last_seq < kept.seq THEN
    RETURN QUERY SELECT false, last_seq + 1, 'HEAD_MISMATCH', last_seq, last_seq, last_hash,
      format('the chain ends at seq %s but the remembered head is seq %s: entries were cut from the end',
             last_seq, kept.seq);
  ELSE
    RETURN QUERY SELECT false, kept.seq, 'HEAD_MISMATCH', last_seq, last_seq, last_hash,
      format('entry %s does not have the remembered hash %s', kept.seq, kept.hash);
  END IF;
END
$$;
