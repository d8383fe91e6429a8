-- *Confirmar* in one statement (services/booking_statement.py formats the
-- table names and binds the parameters). The rules, each a CTE, then the writes,
-- which run only when `refusal` names no rule.
WITH
reg AS (
  SELECT r.id, r.employer_identification, r.email, r.rep_identification,
    r.rep_names, r.authorized_names, r.authorized_identification
  FROM {registration} r
  WHERE %(clave)s AND r.employer_identification = %(employer)s
    AND %(employer)s <> '' AND r.status = %(reg_active)s
  ORDER BY r.created DESC LIMIT 1),
power AS (
  SELECT p.apoderado_names FROM {power} p JOIN reg ON p.registration_id = reg.id
  WHERE p.apoderado_identification = %(identification)s
    AND p.status <> %(power_rejected)s
    AND NOT (p.filed_online AND p.status = %(power_pending)s)
  ORDER BY p.created DESC LIMIT 1),
named AS (
  SELECT reg.*, CASE
    WHEN upper(regexp_replace(reg.rep_identification, '[\s.\-]', '', 'g'))
      = %(identification)s THEN 'rep'
    WHEN reg.authorized_names <> '' AND upper(regexp_replace(
      reg.authorized_identification, '[\s.\-]', '', 'g')) = %(identification)s
      THEN 'auth'
    WHEN EXISTS(SELECT 1 FROM power) THEN 'power' END AS kind
  FROM reg),
holder AS (
  SELECT n.id AS registration_id, n.employer_identification,
    CASE n.kind WHEN 'rep' THEN %(role_rep)s WHEN 'auth' THEN %(role_auth)s
      ELSE %(role_power)s END AS role,
    CASE n.kind WHEN 'rep' THEN n.rep_names WHEN 'auth' THEN n.authorized_names
      ELSE (SELECT apoderado_names FROM power) END AS names,
    n.kind = 'power' AND EXISTS(SELECT 1 FROM {power} p
      WHERE p.registration_id = n.id AND p.status = %(power_sealed)s
      AND p.apoderado_identification = %(identification)s) AS stamped,
    lower(btrim(coalesce((SELECT u.email FROM {account} a
      JOIN {user} u ON u.id = a.user_id WHERE a.registration_id = n.id
      AND u.email <> '' ORDER BY a.id DESC LIMIT 1), n.email),
      E' \t\n\r\f\v')) AS mailbox
  FROM named n WHERE n.kind IS NOT NULL),
split AS (
  SELECT h.*, substring(h.mailbox FROM '@([^@]*)$') AS domain,
    substring(h.mailbox FROM '^(.*)@[^@]*$') AS local FROM holder h),
keyed AS (
  SELECT s.*, CASE WHEN s.domain IS NULL THEN s.mailbox ELSE
    (CASE WHEN s.domain = ANY(%(dot_blind)s) THEN replace(coalesce(nullif(
      split_part(s.local, '+', 1), ''), s.local), '.', '') ELSE coalesce(nullif(
      split_part(s.local, '+', 1), ''), s.local) END) || '@' || coalesce(
      (%(alias_to)s::text[])[array_position(%(alias_from)s::text[], s.domain)],
      s.domain) END AS mailbox_key
  FROM split s),
standing AS (
  SELECT k.*, (k.stamped OR k.mailbox_key = %(email_key)s OR EXISTS(
      SELECT 1 FROM {verification} v WHERE v.id = %(proof_id)s
      AND v.purpose = %(proof_purpose)s AND v.subject = k.employer_identification
      AND v.email = k.mailbox AND v.used_at > %(since)s)) AS proven,
    EXISTS(SELECT 1 FROM {block} b
      WHERE b.employer_identification = k.employer_identification
      AND (b.identification = %(identification)s OR b.mailbox = %(email_key)s)
      AND b.until > %(now)s) AS blocked,
    EXISTS(SELECT 1 FROM {turn} t
      WHERE t.employer_identification = k.employer_identification
      AND t.status = %(unconfirmed)s) AS waiting
  FROM keyed k),
facts AS (
  SELECT EXISTS(SELECT 1 FROM {verification} WHERE id = %(verification_id)s
      AND purpose = %(verification_purpose)s AND subject = %(identification)s
      AND email = %(email)s AND used_at > %(since)s) AS verified,
    EXISTS(SELECT 1 FROM {served} WHERE agency_id = %(agency)s
      AND proceduretype_id = %(procedure)s) AS served,
    EXISTS(SELECT 1 FROM {closure} WHERE agency_id = %(agency)s
      AND date = %(day)s) AS closed,
    (SELECT status FROM {draw} WHERE agency_id = %(agency)s
      AND day = %(day)s) AS draw_status,
    (SELECT t.id FROM {turn} t WHERE t.status = ANY(%(active)s) AND (
      (t.identification = %(identification)s AND t.procedure_type_id = %(procedure)s)
      OR (t.employer_identification <> '' AND t.employer_identification
        = (SELECT employer_identification FROM holder)))
      ORDER BY t.id LIMIT 1) AS conflict),
refusal AS (
  SELECT CASE
    WHEN NOT f.verified THEN 'not_verified'
    WHEN NOT f.served THEN 'not_served'
    WHEN f.closed AND %(unbookable_closed)s THEN 'unbookable_closed'
    WHEN NOT f.closed AND %(unbookable_open)s THEN 'unbookable_open'
    WHEN f.draw_status IS NOT NULL AND f.draw_status <> %(draw_done)s THEN 'draw'
    WHEN %(clave)s AND s.registration_id IS NULL THEN 'not_named'
    WHEN f.conflict IS NOT NULL THEN 'active_turn'
    WHEN NOT s.proven AND NOT %(pending)s THEN 'employer_proof'
    WHEN NOT s.proven AND s.role = %(role_rep)s THEN 'representative_proof'
    WHEN NOT s.proven AND s.blocked THEN 'employer_blocked'
    WHEN s.proven AND s.waiting THEN 'displace' END AS reason,
    CASE WHEN s.proven IS FALSE THEN %(unconfirmed)s ELSE %(reserved)s END
      AS status, s.registration_id, s.employer_identification, s.role, s.names,
    s.mailbox, f.conflict
  FROM facts f LEFT JOIN standing s ON true),
seat AS (
  INSERT INTO {slot} (created, updated, agency_id, starts_at, ends_at, capacity,
    booked, held)
  SELECT %(written)s, %(written)s, %(agency)s, %(starts_at)s, %(ends_at)s,
    %(capacity)s, 1, 0 FROM refusal WHERE reason IS NULL
  ON CONFLICT (agency_id, starts_at) DO UPDATE
    SET booked = {slot}.booked + 1, updated = EXCLUDED.updated
    WHERE {slot}.booked < {slot}.capacity - {slot}.held
  RETURNING id, created, updated, ends_at, capacity, booked, held),
new_turn AS (
  INSERT INTO {turn} (created, updated, code, slot_id, procedure_type_id,
    identification_type, identification, registration_id,
    employer_identification, holder_role, holder_names, email, mobile, status,
    employer_confirm_until)
  SELECT %(written)s, %(written)s, %(code)s, seat.id, %(procedure)s,
    %(identification_type)s, %(identification)s, r.registration_id,
    coalesce(r.employer_identification, ''), coalesce(r.role, ''),
    coalesce(r.names, ''), %(email)s, %(mobile)s, r.status,
    CASE WHEN r.status = %(unconfirmed)s THEN %(confirm_until)s END
  FROM seat, refusal r
  RETURNING id),
event AS (
  INSERT INTO {audit} (created, action, actor_label, actor_role, ip, target_type,
    target_id, data, request_id)
  SELECT %(written)s, %(action)s, %(actor_label)s, '', %(ip)s, %(target_type)s,
    new_turn.id::text, %(data)s::jsonb, %(request_id)s FROM new_turn
  RETURNING id),
version AS (
  INSERT INTO {calendar} (agency_id, version) SELECT %(agency)s, 1 FROM event
  ON CONFLICT (agency_id) DO UPDATE SET version = {calendar}.version + 1
  RETURNING version)
SELECT r.reason, r.conflict, r.status, r.registration_id,
  r.employer_identification, r.role, r.names, r.mailbox,
  (SELECT id FROM new_turn) AS turn_id, seat.id AS slot_id, seat.created,
  seat.updated, seat.ends_at, seat.capacity, seat.booked, seat.held,
  (SELECT count(*) FROM version) AS versions
FROM refusal r LEFT JOIN seat ON true
