import Dispatch
import Foundation

// The few parallel loops training needs: sequences of a batch, rows of a gradient, validation.
// Each writes its results to its own places, so results never depend on the thread count.

/// Runs `body(i)` for i in 0..<count on up to `threads` threads, each taking the next index.
func parallelFor(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
  if threads <= 1 || count <= 1 {
    for i in 0..<count { body(i) }
    return
  }
  let next = Counter()
  DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
    while true {
      let i = next.increment()
      if i >= count { break }
      body(i)
    }
  }
}

/// `(0..<count).map(body)` with the calls spread over up to `threads` threads and started in
/// the order `order` (a permutation of the indices; ascending by default). Each result lands
/// at its own index, so the array is the same whatever thread computed what.
func parallelMap<T: Sendable>(
  _ count: Int, threads: Int, order: [Int]? = nil, _ body: @Sendable (Int) -> T
) -> [T] {
  [T](unsafeUninitializedCapacity: count) { buffer, initialized in
    let results = SharedPointer(buffer.baseAddress!)
    parallelFor(count, threads: threads) { k in
      let i = order?[k] ?? k
      (results.pointer + i).initialize(to: body(i))
    }
    initialized = count
  }
}

/// A shared index for `parallelFor`'s workers.
final class Counter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()
  func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value - 1
  }
}

/// A pointer that threads write through at disjoint places.
struct SharedPointer<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
