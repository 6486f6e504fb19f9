/// One sequence's gradient as the backward pass leaves it: each dense layer's recorded steps
/// (`DeferredDenseGradient`) and the few values of the learned initial state. What
/// ``MemoryMachine/backward(records:targets:scored:)`` returns; the trainer adds it up.
///
/// Kept in this form rather than as a parameter-sized vector so that a trainer can add a
/// batch's sequences straight into one total, in sequence order and split by rows across
/// threads (`sum`), without zeroing, filling and adding a parameter-sized buffer per sequence.
public struct SequenceGradient<S: NTMScalar>: Sendable {
  var denseLayers: [DeferredDenseGradient<S>]
  /// (offset in the parameter vector, values) of each initial-state block, when it is learned.
  var initialState: [(offset: Int, values: [S])] = []

  /// Adds the whole gradient to `gradient`, which has the machine's parameter layout.
  public func add(into gradient: UnsafeMutablePointer<S>) {
    for layer in denseLayers { layer.accumulate(into: gradient) }
    addInitialState(into: gradient)
  }

  private func addInitialState(into gradient: UnsafeMutablePointer<S>) {
    for (offset, values) in initialState {
      for (i, value) in values.enumerated() { gradient[offset + i] += value }
    }
  }

  /// Adds the sequences' gradients to `total` in the order given, on up to `threads` threads.
  ///
  /// Every element receives the sequences' contributions in order, whatever the number of
  /// threads, so the sum is deterministic: the threads share the work by dense-layer rows,
  /// not by sequences. Rows are taken about 8 KB of the total at a time, which then stays in
  /// L1 while every sequence's steps are added to it.
  static func sum(_ gradients: [SequenceGradient], into total: UnsafeMutablePointer<S>, threads: Int) {
    guard let first = gradients.first else { return }
    // Listed into one array of the right size (growing it, chunk by chunk, allocated some
    // thirty times a batch).
    func rowsPerChunk(_ layer: DeferredDenseGradient<S>) -> Int {
      max(1, 8_192 / (layer.columns * MemoryLayout<S>.stride))
    }
    var list: [(layer: Int, rows: Range<Int>)] = []
    list.reserveCapacity(
      first.denseLayers.reduce(0) { $0 + ($1.rows + rowsPerChunk($1) - 1) / rowsPerChunk($1) })
    for (l, layer) in first.denseLayers.enumerated() {
      let size = rowsPerChunk(layer)
      for start in stride(from: 0, to: layer.rows, by: size) {
        list.append((layer: l, rows: start..<min(layer.rows, start + size)))
      }
    }
    let chunks = list
    let shared = SharedPointer(total)
    parallelFor(chunks.count, threads: threads) { k in
      let (l, rows) = chunks[k]
      for gradient in gradients { gradient.denseLayers[l].accumulate(into: shared.pointer, rows: rows) }
    }
    for gradient in gradients { gradient.addInitialState(into: total) }
  }
}
