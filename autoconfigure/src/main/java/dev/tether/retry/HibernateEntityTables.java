package dev.tether.retry;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.AbstractEntityPersister;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Entity tables as Hibernate maps them: the root table and its key column, the ones Hibernate's
 * own versioned {@code UPDATE} names, so the lock statement is valid wherever that update is.
 * Asked only after a conflict lost to another process; each entity is looked up once.
 */
final class HibernateEntityTables implements EntityTables {

	private final ObjectProvider<EntityManagerFactory> entityManagerFactories;

	private final ConcurrentHashMap<String, Optional<RowTable>> tables = new ConcurrentHashMap<>();

	HibernateEntityTables(ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		this.entityManagerFactories = entityManagerFactories;
	}

	@Override
	public RowTable find(String entityName) {
		return this.tables.computeIfAbsent(entityName, this::lookUp).orElse(null);
	}

	private Optional<RowTable> lookUp(String entityName) {
		for (EntityManagerFactory factory : this.entityManagerFactories) {
			EntityPersister persister;
			try {
				persister = factory.unwrap(SessionFactoryImplementor.class)
					.getMappingMetamodel()
					.findEntityDescriptor(entityName);
			}
			catch (RuntimeException ex) {
				// not Hibernate's, or closed: the retry falls back to jittered back-off
				continue;
			}
			// every persister Hibernate builds for an entity extends it (single table, joined, union)
			if (persister instanceof AbstractEntityPersister mapped) {
				String[] keyColumns = mapped.getRootTableIdentifierColumnNames();
				if (keyColumns != null && keyColumns.length == 1) {
					return Optional.of(new RowTable(mapped.getRootTableName(), keyColumns[0]));
				}
			}
		}
		return Optional.empty();
	}

}
