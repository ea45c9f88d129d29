package dev.tether.sample;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Products; Spring Data's read methods are read-only transactions, so they run on the replica. */
public interface ProductRepository extends JpaRepository<Product, Long> {

	List<Product> findTop20ByCategoryOrderById(String category);

}
