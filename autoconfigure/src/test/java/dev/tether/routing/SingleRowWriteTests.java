package dev.tether.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which statements may end with {@code RETURNING pg_current_xact_id()}: the single-row writes
 * Hibernate and {@code JdbcTemplate} users write, and nothing that could change many rows, hide a
 * second statement or carry a {@code RETURNING} of its own. Pure logic, no database.
 */
class SingleRowWriteTests {

	@Test
	void hibernatesVersionedUpdateNamesItsTableAndKeyColumns() {
		SingleRowWrite write = SingleRowWrite.parse("update product set name=?,stock=?,version=? where id=? and version=?");
		assertThat(write).isNotNull();
		assertThat(write.table()).isEqualTo("product");
		assertThat(write.keyColumns()).containsExactly("id", "version");
		assertThat(write.isInsert()).isFalse();
	}

	@Test
	void hibernatesDeleteAndASchemaQualifiedTableAreRecognised() {
		SingleRowWrite write = SingleRowWrite.parse("delete from shop.orders where id=? and version=?");
		assertThat(write.table()).isEqualTo("shop.orders");
		assertThat(write.keyColumns()).containsExactly("id", "version");
	}

	@Test
	void anInsertOfOneRowOfValuesIsOneRow() {
		SingleRowWrite write = SingleRowWrite.parse("insert into orders (product_id,quantity,id) values (?,?,?)");
		assertThat(write.table()).isEqualTo("orders");
		assertThat(write.isInsert()).isTrue();
	}

	@Test
	void aTableWrittenInCapitalsKeepsItsSpellingAndKeysAreLowerCase() {
		SingleRowWrite write = SingleRowWrite.parse("  UPDATE Product SET stock = ? WHERE Product.ID = ?\n");
		assertThat(write.table()).isEqualTo("Product");
		assertThat(write.keyColumns()).containsExactly("id");
	}

	@Test
	void aNameThatContainsAKeywordIsAName() {
		SingleRowWrite write = SingleRowWrite.parse("update returning_item set from_date = ? where id = ?");
		// FROM and RETURNING only as words
		assertThat(write).isNotNull();
		assertThat(write.table()).isEqualTo("returning_item");
		assertThat(SingleRowWrite.parse("UPDATE item SET returning_at = ?, was_returning = ? WHERE id = ?")).isNotNull();
		assertThat(SingleRowWrite.parse("update item set returning2 = ? where id = ?")).isNotNull();
	}

	@Test
	void aSubqueryInTheSetListLeavesTheOuterWhereAsTheKey() {
		SingleRowWrite write = SingleRowWrite
			.parse("update product set stock = (select count(*) from item i where i.product_id = ?) where id = ?");
		// FROM in the statement: not recognised, whatever the subquery does (conservative)
		assertThat(write).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "select * from product where id = ?", "select 1",
			"update product set stock = ? where category = ? or id = ?", "update product set stock = stock - 1",
			"update product set stock = ? where id in (?, ?)", "update product set stock = ? where id > ?",
			"update product set stock = ? from item where item.product_id = product.id and item.id = ?",
			"update product set stock = ? where other.id = ?", "update only product set stock = ? where id = ?",
			"delete from product", "delete from product using item where item.id = ?",
			"delete from product where id = ? returning id", "update product set stock = ? where id = ? returning *",
			"UPDATE counter SET value = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING pg_current_xact_id()::text",
			"update product set stock = ? where id = ?\nReturning\tid", "update product set stock = ? where id = ? returning(id)",
			"insert into orders (id) values (?), (?)", "insert into orders (id) select id from product",
			"insert into orders (id) values (?) on conflict do nothing", "insert into orders values (nextval('s'))",
			"insert into orders (id) values (?); delete from orders", "update product set stock = ? where id = ?; commit",
			"update product set stock = ? where id = ? -- the end", "update product set stock = ? where id = ? /* x */",
			"update product set note = 'a;b' where id = ?", "update \"Product\" set stock = ? where id = ?",
			"update product set body = $$x$$ where id = ?", "{call touch(?)}",
			"with moved as (select 1) update product set stock = ? where id = ?", "update a.b.c set x = ? where id = ?",
			"   " })
	void anythingElseIsNotASingleRowWrite(String sql) {
		assertThat(SingleRowWrite.parse(sql)).as(sql).isNull();
	}

	@Test
	void anOverlongStatementIsNotReadAtAll() {
		String sql = "update product set " + "stock = ?, ".repeat(1000) + "version = ? where id = ?";
		assertThat(SingleRowWrite.parse(sql)).isNull();
	}

	@Test
	void aStatementThatEndsWithTheSettlingsClauseAlreadyIsLeftAsItIsBeforeItsTextIsRead() {
		// what VersionedUpdate sends inside a boundary: the first time on a connection, then after
		assertThat(CommitSettling.endsWithTransactionIdClause("update counter set value = ?, version = version + 1"
				+ " where id = ? and version = ? RETURNING pg_current_xact_id()::text, pg_backend_pid(),"
				+ " pg_postmaster_start_time()::text")).isTrue();
		assertThat(CommitSettling.endsWithTransactionIdClause(
				"update counter set value = ? where id = ? and version = ? RETURNING pg_current_xact_id()::text"))
			.isTrue();
		assertThat(CommitSettling.endsWithTransactionIdClause("update counter set value = ? where id = ?")).isFalse();
		assertThat(CommitSettling.endsWithTransactionIdClause("update counter set value = ? where id = ? returning id"))
			.isFalse();
	}

}
