package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.asynchat.Cancellable;
import org.asynchat.EventLoop;
import org.junit.jupiter.api.Test;

/** The event loop itself: tasks, timers, stopping, closing, several loops. */
public abstract class LoopCases extends ComplianceBase {

    @Test
    void executeRunsOnTheLoopThreadAndWakesAnIdlePoll() throws Exception {
        LoopThread t = startLoop();
        sleep(50); // let the loop block in its poll with nothing to do
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        t.loop.execute(() -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the task ran: execute woke the poller");
        assertEquals(t.loop.name(), ranOn.get().getName());
        assertTrue(onLoop(t, t.loop::inEventLoop));
        assertFalse(t.loop.inEventLoop());
    }

    @Test
    void scheduledTasksRunInDeadlineOrderAndCancelledOnesNever() throws Exception {
        LoopThread t = startLoop();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Cancellable never = t.loop.schedule(Duration.ofMillis(100), () -> order.add("cancelled"));
        t.loop.schedule(Duration.ofMillis(200), () -> {
            order.add("second");
            done.countDown();
        });
        t.loop.schedule(Duration.ofMillis(50), () -> order.add("first"));
        assertTrue(never.cancel());
        assertTrue(never.isCancelled());
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("first", "second"), order);
        assertFalse(never.cancel(), "cancelling twice does nothing");
    }

    @Test
    void tasksFromOneThreadRunInOrder() throws Exception {
        LoopThread t = startLoop();
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            t.loop.execute(() -> seen.add(n));
        }
        List<Integer> copy = onLoop(t, () -> new ArrayList<>(seen));
        assertEquals(10_000, copy.size());
        for (int i = 0; i < copy.size(); i++) {
            assertEquals(i, copy.get(i));
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheLoop() throws Exception {
        LoopThread t = startLoop();
        t.loop.execute(() -> {
            throw new IllegalStateException("thrown by the test");
        });
        t.loop.schedule(Duration.ZERO, () -> {
            throw new IllegalStateException("thrown by the test from a timer");
        });
        assertEquals("alive", onLoop(t, () -> "alive"));
    }

    @Test
    void stopMakesRunReturnAndTheLoopCanRunAgain() throws Exception {
        EventLoop loop = newLoop();
        Thread runner = new Thread(loop::run);
        runner.start();
        await("running", loop::isRunning);
        loop.stop();
        runner.join(10_000);
        assertFalse(runner.isAlive());
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(ran::countDown);
        Thread again = new Thread(loop::run);
        again.start();
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        loop.stop();
        again.join(10_000);
    }

    @Test
    void runWithACountReturnsWhenNoChannelIsLeft() {
        EventLoop loop = newLoop();
        long start = System.nanoTime();
        loop.run(Duration.ofSeconds(30), 100);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "asyncore's loop returns on an empty map");
    }

    @Test
    void closeClosesEveryChannelAndRefusesNewTasks() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, LineEcho::new));
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = connect(server.port());
            s.getOutputStream().write(bytes("hi\n"));
            assertEquals("hi", readLine(s.getInputStream()));
            clients.add(s);
        }
        assertEquals(4, onLoop(t, t.loop::channelCount));
        t.loop.close();
        for (Socket s : clients) {
            assertEquals(-1, s.getInputStream().read(), "every connection is closed");
        }
        assertTrue(t.loop.isClosed());
        assertEquals(0, t.loop.channelCount());
        assertThrows(RejectedExecutionException.class, () -> t.loop.execute(() -> { }));
    }

    @Test
    void severalLoopsRunInOneProcess() throws Exception {
        LoopThread a = startLoop();
        LoopThread b = startLoop();
        Server sa = onLoop(a, () -> listen(a.loop, LineEcho::new));
        Server sb = onLoop(b, () -> listen(b.loop, LineEcho::new));
        Socket ca = connect(sa.port());
        Socket cb = connect(sb.port());
        ca.getOutputStream().write(bytes("to a\n"));
        cb.getOutputStream().write(bytes("to b\n"));
        assertEquals("to a", readLine(ca.getInputStream()));
        assertEquals("to b", readLine(cb.getInputStream()));
        IllegalStateException wrongLoop = assertThrows(IllegalStateException.class,
                () -> onLoop(a, () -> listen(b.loop, LineEcho::new)));
        assertTrue(wrongLoop.getMessage().contains(b.loop.name()), wrongLoop.getMessage());
    }
}
