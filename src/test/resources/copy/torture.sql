-- A schema with every type and edge value offramp copy must carry byte for byte.
CREATE DATABASE torture CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE torture;

CREATE TABLE types (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  vc VARCHAR(100) NULL,
  txt TEXT NULL,
  bin VARBINARY(300) NULL,
  blb LONGBLOB NULL,
  dec_max DECIMAL(65,30) NULL,
  f FLOAT NULL,
  d DOUBLE NULL,
  bt BIT(64) NULL,
  bt1 BIT(1) NULL,
  en ENUM('a','b','c d') NULL,
  st SET('x','y','z') NULL,
  js JSON NULL,
  geo GEOMETRY NULL,
  dt DATE NULL,
  dtm DATETIME(6) NULL,
  ts TIMESTAMP(6) NULL DEFAULT NULL,
  yr YEAR NULL,
  tm TIME(3) NULL,
  latin VARCHAR(50) CHARACTER SET latin1 NULL,
  gen INT AS (yr + 1) VIRTUAL,
  gens VARCHAR(20) AS (CONCAT('g', IFNULL(en, '-'))) STORED,
  KEY by_vc (vc),
  KEY by_gens (gens)
) AUTO_INCREMENT = 1;

SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
INSERT INTO types (vc, txt, bin) VALUES (NULL, NULL, NULL), ('', '', ''), ('NULL', 'NULL', 'NULL'), ('\\N', '\\N', '\\N');
INSERT INTO types (vc, txt) VALUES ('tab\there', 'new\nline\r\nwindows'), ('back\\slash\\', 'ends with backslash\\'),
  ('trailing space ', ' leading'), ('quote '' and "', 'percent % and _');
INSERT INTO types (bin, blb) SELECT UNHEX(GROUP_CONCAT(LPAD(HEX(seq), 2, '0') ORDER BY seq SEPARATOR '')),
  UNHEX(REPEAT(GROUP_CONCAT(LPAD(HEX(seq), 2, '0') ORDER BY seq SEPARATOR ''), 4)) FROM seq_0_to_255;
INSERT INTO types (vc, txt) VALUES ('emoji 🚀🎉', '4-byte 𝄞 𠜎 and ñ é ü'), (x'F09F9880', 'raw utf8mb4 bytes');
INSERT INTO types (dec_max, f, d) VALUES
  (99999999999999999999999999999999999.999999999999999999999999999999, 3.40282e38, 1.7976931348623157e308),
  (-99999999999999999999999999999999999.999999999999999999999999999999, -1.17549e-38, 2.2250738585072014e-308),
  (0.000000000000000000000000000001, 1.2345678, 0.1), (0, 16777217, -1.2345678901234567e-300);
INSERT INTO types (bt, bt1) VALUES (b'1111111111111111111111111111111111111111111111111111111111111111', b'1'), (0, 0), (b'1010', NULL);
INSERT INTO types (en, st) VALUES ('a', ''), ('c d', 'x,z'), ('', 'x,y,z'), (NULL, NULL);
INSERT INTO types (js) VALUES ('{"a": [1, 2.5, "x\\ty"], "b": null, "c": {"d": "é🚀"}}'), ('[]'), ('"just a string"');
INSERT INTO types (geo) VALUES (ST_GeomFromText('POINT(1.5 -2.25)')), (ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))', 4326)),
  (ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1 1))'));
INSERT INTO types (dt, dtm, ts, yr, tm) VALUES ('0000-00-00', '0000-00-00 00:00:00', NULL, 0, '-838:59:59.000'),
  ('1000-01-01', '1000-01-01 00:00:00.000001', '1970-01-01 00:00:01.000000', 1901, '838:59:59.999'),
  ('9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', 2155, '00:00:00.001'),
  ('2024-02-29', '2024-03-31 02:30:00.5', '2024-03-31 01:30:00.123456', 2024, '12:34:56.789');
INSERT INTO types (latin) VALUES (_latin1 x'636166e9'), (CONVERT('Ünïcödé' USING latin1));
INSERT INTO types (blb) VALUES (REPEAT('big blob ', 2000000));
UPDATE types SET blb = CONCAT(blb, UNHEX('00FF00FF')) WHERE id = (SELECT MAX(id) FROM (SELECT id FROM types) t);
ALTER TABLE types AUTO_INCREMENT = 5000;

CREATE TABLE nokey (a INT NULL, b VARCHAR(20) NULL);
INSERT INTO nokey VALUES (1, 'dup'), (1, 'dup'), (NULL, NULL), (2, ''), (2, ''), (3, '\\N');
INSERT INTO nokey SELECT seq, CONCAT('r', seq) FROM seq_1_to_700;

CREATE TABLE ci_composite (
  name VARCHAR(20) COLLATE utf8mb4_general_ci NOT NULL,
  n INT NOT NULL,
  note VARCHAR(40) NULL,
  PRIMARY KEY (name, n)
);
INSERT INTO ci_composite SELECT ELT(1 + seq % 6, 'a', 'A', 'a ', 'b', 'B', 'ä'), seq, CONCAT('row ', seq) FROM seq_1_to_600;

CREATE TABLE varchar_key (k VARCHAR(40) COLLATE utf8mb4_bin PRIMARY KEY, v INT);
INSERT INTO varchar_key SELECT CONCAT(CHAR(65 + seq % 26), '-', seq, IF(seq % 7 = 0, ' ', '')), seq FROM seq_1_to_500;

-- Keys beyond 35 integer digits and BIGINT keys beyond 2^53: compared as doubles they would blur at chunk edges.
CREATE TABLE wide_keys (k DECIMAL(40,0) NOT NULL PRIMARY KEY, b BIGINT UNSIGNED NOT NULL, UNIQUE KEY by_b (b));
INSERT INTO wide_keys SELECT 1000000000000000000000000000000000000000 + seq, 18446744073709551000 + seq FROM seq_1_to_300;

CREATE TABLE unique_only (code CHAR(8) NOT NULL, other INT NULL, payload VARCHAR(100), UNIQUE KEY by_code (code), KEY by_other (other));
INSERT INTO unique_only SELECT LPAD(seq, 8, '0'), seq % 10, REPEAT('u', seq % 100) FROM seq_1_to_400;

CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20));
CREATE TABLE child (id INT AUTO_INCREMENT PRIMARY KEY, parent_id INT NOT NULL, KEY by_parent (parent_id),
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE);
INSERT INTO parent SELECT seq, CONCAT('p', seq) FROM seq_1_to_50;
INSERT INTO child (parent_id) SELECT 1 + seq % 50 FROM seq_1_to_300;

CREATE TABLE parted (id INT NOT NULL, created DATE NOT NULL, v VARCHAR(10), PRIMARY KEY (id, created))
  PARTITION BY RANGE (YEAR(created)) (PARTITION p2023 VALUES LESS THAN (2024), PARTITION p2024 VALUES LESS THAN (2025),
  PARTITION pmax VALUES LESS THAN MAXVALUE);
INSERT INTO parted SELECT seq, DATE_ADD('2023-06-01', INTERVAL seq DAY), 'v' FROM seq_1_to_900;

CREATE TABLE zero_id (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5));
SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';
INSERT INTO zero_id VALUES (0, 'zero'), (1, 'one'), (7, 'seven');
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';

-- Triggers that would corrupt rows if they fired while the copy loads them.
CREATE TRIGGER corrupt_ci BEFORE INSERT ON ci_composite FOR EACH ROW SET NEW.note = 'CORRUPTED BY TRIGGER';
CREATE TRIGGER corrupt_child AFTER INSERT ON child FOR EACH ROW UPDATE parent SET name = 'CORRUPTED' WHERE id = NEW.parent_id;

CREATE VIEW v_parent AS SELECT id, name FROM parent WHERE id < 40;
CREATE VIEW v_parent_child AS SELECT p.id, p.name, COUNT(c.id) AS children FROM v_parent p JOIN child c ON c.parent_id = p.id GROUP BY p.id, p.name;
CREATE DEFINER = 'rdsadmin'@'localhost' SQL SECURITY INVOKER VIEW v_rds AS SELECT 1 AS one;
CREATE VIEW v_top AS SELECT * FROM v_parent_child WHERE children > 2;

DELIMITER ;;
CREATE PROCEDURE count_children(IN pid INT, OUT n INT) BEGIN SELECT COUNT(*) INTO n FROM child WHERE parent_id = pid; END;;
CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;;
DELIMITER ;
CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DO DELETE FROM nokey WHERE a = -1;
