package dev.tether.routing.app;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's read methods are read-only transactions: they must run on the replica. */
public interface ItemRepository extends JpaRepository<Item, Long> {

}
