package dev.rollgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.state.file.FileEnvironmentLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEnvironmentLockTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(15);
    private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");
    private static final ServiceEnvironment CHECKOUT_PROD = new ServiceEnvironment("checkout", "prod");

    @TempDir
    Path dir;

    private FileEnvironmentLock lockAt(Instant now) {
        return new FileEnvironmentLock(dir, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static LockRequest request(String owner) {
        return new LockRequest(CHECKOUT_PROD, owner, "deploy v2.3.1");
    }

    private static LockHandle acquired(Acquisition acquisition) {
        assertThat(acquisition).isInstanceOf(Acquisition.Acquired.class);
        return ((Acquisition.Acquired) acquisition).handle();
    }

    private static LockHolder heldBy(Acquisition acquisition) {
        assertThat(acquisition).isInstanceOf(Acquisition.HeldBy.class);
        return ((Acquisition.HeldBy) acquisition).holder().orElseThrow();
    }

    @Test
    void secondRequestInTheSameJvmIsToldWhoHoldsTheLock() throws Exception {
        try (LockHandle handle = acquired(lockAt(NOON).tryAcquire(request("alice")))) {
            LockHolder holder = heldBy(lockAt(NOON.plusSeconds(60)).tryAcquire(request("bob")));

            assertThat(holder).isEqualTo(handle.holder());
            assertThat(holder.owner()).isEqualTo("alice");
            assertThat(holder.since()).isEqualTo(NOON);
            assertThat(holder.purpose()).isEqualTo("deploy v2.3.1");
            assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void otherEnvironmentsAreIndependent() throws Exception {
        try (LockHandle prod = acquired(lockAt(NOON).tryAcquire(request("alice")));
             LockHandle staging = acquired(lockAt(NOON).tryAcquire(
                     new LockRequest(new ServiceEnvironment("checkout", "staging"), "bob", "deploy v2.4.0")))) {
            assertThat(staging.holder().owner()).isEqualTo("bob");
        }
    }

    @Test
    void releaseLetsTheNextOneInAndIsIdempotent() throws Exception {
        LockHandle first = acquired(lockAt(NOON).tryAcquire(request("alice")));
        Path holderFile = dir.resolve("locks").resolve("checkout.prod.lock.holder");
        assertThat(holderFile).exists();
        assertThat(Files.readString(holderFile)).contains("\"owner\" : \"alice\"", "\"since\" : \"2026-11-23T12:00:00Z\"");

        first.release();
        first.release();
        assertThat(holderFile).doesNotExist();

        try (LockHandle second = acquired(lockAt(NOON).tryAcquire(request("bob")))) {
            first.release(); // a stale handle's release must not free the new holder's lock
            assertThat(heldBy(lockAt(NOON).tryAcquire(request("carol"))).owner()).isEqualTo("bob");
        }
    }

    @Test
    void anotherProcessIsToldWhoHoldsTheLock() throws Exception {
        try (LockHandle handle = acquired(lockAt(NOON).tryAcquire(request("alice")));
             ChildJvm child = ChildJvm.start(StateChildMain.class, "lock", dir.toString(), "checkout", "prod", "bob")) {
            assertThat(child.nextLine(CHILD_TIMEOUT))
                    .isEqualTo("held-by alice " + ProcessHandle.current().pid() + " " + NOON);
            assertThat(child.awaitExit(CHILD_TIMEOUT)).isZero();
        }
    }

    @Test
    void lockHeldByAnotherProcessIsReportedWithItsHolderAndFreedOnRelease() throws Exception {
        try (ChildJvm child = ChildJvm.start(StateChildMain.class, "lock", dir.toString(), "checkout", "prod", "bob")) {
            assertThat(child.nextLine(CHILD_TIMEOUT)).isEqualTo("acquired");

            LockHolder holder = heldBy(lockAt(NOON).tryAcquire(request("alice")));
            assertThat(holder.owner()).isEqualTo("bob");
            assertThat(holder.pid()).isEqualTo(child.pid());
            assertThat(holder.since()).isBetween(NOON, Instant.now().plusSeconds(1));

            child.send("release");
            assertThat(child.nextLine(CHILD_TIMEOUT)).isEqualTo("released");
            assertThat(child.awaitExit(CHILD_TIMEOUT)).isZero();
        }
        try (LockHandle handle = acquired(lockAt(NOON).tryAcquire(request("alice")))) {
            assertThat(handle.holder().owner()).isEqualTo("alice");
        }
    }

    @Test
    void holderKilledWithSigkillDoesNotBlock() throws Exception {
        try (ChildJvm child = ChildJvm.start(StateChildMain.class, "lock", dir.toString(), "checkout", "prod", "bob")) {
            assertThat(child.nextLine(CHILD_TIMEOUT)).isEqualTo("acquired");
            assertThat(heldBy(lockAt(NOON).tryAcquire(request("alice"))).owner()).isEqualTo("bob");

            child.kill();
        }
        // The dead holder's .holder file is still there; the OS lock, which decides, is gone.
        assertThat(dir.resolve("locks").resolve("checkout.prod.lock.holder")).exists();
        try (LockHandle handle = acquired(lockAt(NOON).tryAcquire(request("alice")))) {
            assertThat(heldBy(lockAt(NOON).tryAcquire(request("carol"))).owner()).isEqualTo("alice");
        }
    }
}
