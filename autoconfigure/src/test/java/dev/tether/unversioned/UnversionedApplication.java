package dev.tether.unversioned;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application whose only entity has no @Version field. */
@SpringBootApplication
public class UnversionedApplication {

}
