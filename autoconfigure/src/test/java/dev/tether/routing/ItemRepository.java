package dev.tether.routing;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's read methods are read-only transactions: they must run on the replica. */
interface ItemRepository extends JpaRepository<Item, Long> {

}
