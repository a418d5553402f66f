package offramp.catalog;

/**
 * One unit of copying and comparing: a key range of a table.
 *
 * @param table  {@code schema.table}
 * @param number its place among the table's chunks, from 0
 * @param range  the key range; {@link KeyRange#ALL} for a table copied whole
 */
public record Chunk(String table, int number, KeyRange range) {
}
