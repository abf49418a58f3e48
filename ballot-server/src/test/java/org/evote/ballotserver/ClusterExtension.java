package org.evote.ballotserver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method its {@link TestElection} and a started {@link TestCluster} as parameters:
 * the cluster (sized by {@link Nodes}, one node without it) runs on a fresh directory with the
 * officials' key of the method's election, and is stopped and its directory deleted after the test.
 */
final class ClusterExtension implements ParameterResolver {
  /** The size and rate limits (0 = off) of the cluster a test method is given. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Nodes {
    int value() default 1;

    int addressRateLimit() default NodeConfig.DEFAULT_ADDRESS_RATE_LIMIT;

    int voterRateLimit() default NodeConfig.DEFAULT_VOTER_RATE_LIMIT;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestElection.class || type == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(ExtensionContext.Namespace.create(ClusterExtension.class));
    TestElection election = store.getOrComputeIfAbsent(TestElection.class, k -> new TestElection(), TestElection.class);
    if (parameter.getParameter().getType() == TestElection.class) {
      return election;
    }
    Optional<Nodes> nodes = parameter.findAnnotation(Nodes.class);
    try {
      // stored first, so closed last: the directory is deleted after the nodes stopped
      Path dir = store.getOrComputeIfAbsent(DataDirectory.class, k -> DataDirectory.create(), DataDirectory.class).path();
      TestCluster cluster = new TestCluster(dir, nodes.map(Nodes::value).orElse(1), election,
          nodes.map(Nodes::addressRateLimit).orElse(NodeConfig.DEFAULT_ADDRESS_RATE_LIMIT),
          nodes.map(Nodes::voterRateLimit).orElse(NodeConfig.DEFAULT_VOTER_RATE_LIMIT));
      store.put(TestCluster.class, cluster);
      return cluster;
    } catch (Exception e) {
      throw new org.junit.jupiter.api.extension.ParameterResolutionException("the test cluster did not start", e);
    }
  }

  /** A temporary directory the store deletes, with all it holds, when the test is done. */
  private record DataDirectory(Path path) implements AutoCloseable {
    static DataDirectory create() {
      try {
        return new DataDirectory(Files.createTempDirectory("evote-cluster-"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws java.io.IOException {
      try (Stream<Path> all = Files.walk(path)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
