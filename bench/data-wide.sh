# shellcheck shell=bash
# make_data PORT SCHEMA: a data set that is not sysbench. Documents with BLOB and TEXT values of 1 to 16 MiB, an
# events table with 8 secondary indexes, and a table keyed by a composite VARCHAR primary key.
make_data() {
  local port=$1 schema=$2
  local events=$(( rows * 2 / 5 )) pairs=$(( rows * 3 / 5 ))
  echo "generating documents (1-16 MiB values), events ($events rows, 8 secondary indexes), tenant_keys ($pairs rows) ..."
  sql "$port" "CREATE DATABASE $schema; USE $schema;
    CREATE TABLE documents (id INT PRIMARY KEY, title VARCHAR(200), body LONGTEXT, attachment LONGBLOB);
    INSERT INTO documents SELECT seq, CONCAT('document ', seq),
      REPEAT(CONCAT(MD5(seq), ' lorem ipsum dolor sit amet '), (1 + seq % 8) * 1048576 DIV 60),
      CONCAT(RANDOM_BYTES(1024), REPEAT(RANDOM_BYTES(1000), (1 + (seq * 7) % 8) * 1048576 DIV 1000))
      FROM seq_1_to_24;
    CREATE TABLE events (id BIGINT PRIMARY KEY, account INT, kind VARCHAR(20), at DATETIME, amount DECIMAL(12,2),
      country CHAR(2), device VARCHAR(40), session CHAR(32), score DOUBLE, note VARCHAR(255),
      KEY by_account (account), KEY by_kind (kind), KEY by_at (at), KEY by_amount (amount), KEY by_country (country),
      KEY by_device (device), KEY by_session (session), KEY by_account_at (account, at));
    INSERT INTO events SELECT seq, seq % 50000, ELT(1 + seq % 5, 'view', 'click', 'buy', 'refund', 'login'),
      '2026-01-01' + INTERVAL seq SECOND, (seq % 100000) / 100, ELT(1 + seq % 6, 'us', 'de', 'fr', 'jp', 'br', 'in'),
      CONCAT('device-', seq % 977), MD5(seq), RAND(), REPEAT('n', seq % 200) FROM seq_1_to_$events;
    CREATE TABLE tenant_keys (tenant VARCHAR(64), name VARCHAR(191), value VARCHAR(500), updated DATETIME,
      PRIMARY KEY (tenant, name));
    INSERT INTO tenant_keys SELECT CONCAT('tenant-', seq % 997), CONCAT('setting.', MD5(seq)), REPEAT(SHA1(seq), 3),
      '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_$pairs;
    ANALYZE TABLE documents, events, tenant_keys" >/dev/null
}
