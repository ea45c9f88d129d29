/**
 * AssertJ assertions on routing, asked of the database: which node answered a connection.
 */
package dev.tether.test.assertj;
