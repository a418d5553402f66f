# shellcheck shell=bash
# make_data PORT SCHEMA: $tables sysbench oltp tables of $rows rows each.
make_data() {
  local port=$1 schema=$2
  echo "generating $tables tables of $rows rows (sysbench oltp schema) ..."
  sql "$port" "CREATE DATABASE $schema"
  for i in $(seq 1 "$tables"); do
    sql "$port" "USE $schema; CREATE TABLE sbtest$i (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL DEFAULT 0,
      c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', KEY k_$i (k));
      INSERT INTO sbtest$i (k, c, pad) SELECT FLOOR(RAND() * $rows),
        CONCAT_WS('-', LPAD(FLOOR(RAND()*1e11), 11, '0'), LPAD(FLOOR(RAND()*1e11), 11, '0'), LPAD(FLOOR(RAND()*1e11), 11, '0'),
          LPAD(FLOOR(RAND()*1e11), 11, '0'), LPAD(FLOOR(RAND()*1e11), 11, '0'), LPAD(FLOOR(RAND()*1e11), 11, '0'),
          LPAD(FLOOR(RAND()*1e11), 11, '0'), LPAD(FLOOR(RAND()*1e11), 11, '0'), LPAD(FLOOR(RAND()*1e11), 11, '0'),
          LPAD(FLOOR(RAND()*1e11), 11, '0')),
        CONCAT_WS('-', LPAD(FLOOR(RAND()*1e11), 11, '0'), LPAD(FLOOR(RAND()*1e11), 11, '0'), LPAD(FLOOR(RAND()*1e11), 11, '0'),
          LPAD(FLOOR(RAND()*1e11), 11, '0'), LPAD(FLOOR(RAND()*1e11), 11, '0'))
      FROM seq_1_to_$rows; ANALYZE TABLE sbtest$i;" >/dev/null
  done
}
