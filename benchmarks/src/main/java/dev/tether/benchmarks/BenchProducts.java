package dev.tether.benchmarks;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** The Spring Data repository of {@link BenchProduct}. */
interface BenchProducts extends JpaRepository<BenchProduct, Long> {

	List<BenchProduct> findByCategory(String category);

}
