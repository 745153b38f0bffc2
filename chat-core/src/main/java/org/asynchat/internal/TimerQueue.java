package org.asynchat.internal;

import java.util.Arrays;

/**
 * The event loop's timers: a binary min-heap on deadline, with each task's index kept in the
 * task so that re-arming and removal are O(log n). Confined to the loop's thread.
 */
public final class TimerQueue {
    private ScheduledTask[] heap = new ScheduledTask[16];
    private int size;
    private long sequence;

    /**
     * Queues a task, or moves it if already queued.
     *
     * @param task the task
     * @param deadline its deadline in {@link System#nanoTime()} units
     */
    public void add(ScheduledTask task, long deadline) {
        if (task.heapIndex >= 0) {
            remove(task);
        }
        task.rearm();
        task.deadline = deadline;
        task.sequence = sequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        task.heapIndex = size;
        heap[size++] = task;
        siftUp(task.heapIndex);
    }

    /**
     * Removes a task if queued.
     *
     * @param task the task
     */
    public void remove(ScheduledTask task) {
        int i = task.heapIndex;
        if (i < 0) {
            return;
        }
        task.heapIndex = -1;
        ScheduledTask last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
    }

    /**
     * Returns nanoseconds until the earliest deadline.
     *
     * @param now the current {@link System#nanoTime()}
     * @return 0 if a task is due, -1 if none is queued, else the wait
     */
    public long nanosUntilNext(long now) {
        while (size > 0 && heap[0].isCancelled()) {
            remove(heap[0]);
        }
        if (size == 0) {
            return -1;
        }
        return Math.max(0, heap[0].deadline - now);
    }

    /**
     * Runs every task due at {@code now}, earliest first. A task that throws is reported to
     * the handler and the others still run.
     *
     * @param now the current {@link System#nanoTime()}
     * @param onError receives what a task throws
     * @return how many tasks ran
     */
    public int runDue(long now, java.util.function.BiConsumer<ScheduledTask, Throwable> onError) {
        int ran = 0;
        while (size > 0 && heap[0].deadline - now <= 0) {
            ScheduledTask task = heap[0];
            remove(task);
            try {
                task.fire();
            } catch (Throwable t) {
                onError.accept(task, t);
            }
            ran++;
        }
        return ran;
    }

    /**
     * Returns how many tasks are queued, cancelled ones included.
     *
     * @return the number of queued tasks
     */
    public int size() {
        return size;
    }

    private boolean less(ScheduledTask a, ScheduledTask b) {
        long d = a.deadline - b.deadline;
        return d < 0 || (d == 0 && a.sequence < b.sequence);
    }

    private void siftUp(int i) {
        ScheduledTask t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            ScheduledTask p = heap[parent];
            if (!less(t, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        ScheduledTask t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(heap[right], heap[child])) {
                child = right;
            }
            if (!less(heap[child], t)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
