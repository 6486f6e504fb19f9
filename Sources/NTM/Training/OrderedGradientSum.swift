import Foundation

/// Sums the gradients of a batch's sequences in sequence order while the batch is still being
/// computed, so that the result does not depend on the number of threads or on which finishes
/// first, without keeping a gradient per sequence.
///
/// Each sequence's gradient is computed into a slot of its own. As soon as the slots of
/// sequences 0 … b are all complete they are added, in that order, to the running total, and
/// go back to a pool for the next sequences. The total is exactly ((0 + g₀) + g₁) + …, as if all
/// the slots had been kept and summed at the end; but only a few slots are ever in use (about
/// one per worker, more only while a long sequence holds back the ones after it), and they stay
/// in cache instead of a batch-sized array of them (8 MB at batch 32) passing through memory.
final class OrderedGradientSum: @unchecked Sendable {
  /// Values per gradient.
  let count: Int
  /// The running total of the completed prefix of the batch.
  let total: UnsafeMutablePointer<Float>
  private let lock = NSLock()
  private var pool: [UnsafeMutablePointer<Float>] = []
  private var allocated: [UnsafeMutablePointer<Float>] = []
  /// Completed slots waiting for the sequences before them.
  private var waiting: [Int: UnsafeMutablePointer<Float>] = [:]
  /// The next sequence to add to the total.
  private var next = 0
  /// Whether a thread is adding to the total; only one does at a time.
  private var adding = false

  init(count: Int) {
    self.count = count
    total = .allocate(capacity: count)
    total.initialize(repeating: 0, count: count)
  }

  deinit {
    total.deallocate()
    for slot in allocated { slot.deallocate() }
  }

  /// Starts a new batch: the total back to zero, sequence 0 next.
  func reset() {
    precondition(waiting.isEmpty, "a batch left slots unsummed")
    total.update(repeating: 0, count: count)
    next = 0
  }

  /// A zeroed slot for one sequence's gradient.
  func slot() -> UnsafeMutablePointer<Float> {
    lock.lock()
    var slot = pool.popLast()
    if slot == nil {
      slot = .allocate(capacity: count)
      allocated.append(slot!)
    }
    lock.unlock()
    slot!.update(repeating: 0, count: count)
    return slot!
  }

  /// Hands in sequence `index`'s gradient. The calling thread then adds every slot that has
  /// become next in order, unless another thread is already doing so (it will find this one).
  func complete(_ index: Int, slot: UnsafeMutablePointer<Float>) {
    lock.lock()
    waiting[index] = slot
    if adding {
      lock.unlock()
      return
    }
    adding = true
    while let ready = waiting.removeValue(forKey: next) {
      lock.unlock()
      for i in 0..<count { total[i] += ready[i] }
      lock.lock()
      pool.append(ready)
      next += 1
    }
    adding = false
    lock.unlock()
  }
}
