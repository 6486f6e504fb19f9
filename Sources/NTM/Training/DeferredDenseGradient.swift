/// The weight and bias gradients of one dense layer (`z = W x + b`) over a sequence, added once
/// at the end of the backward pass rather than at every timestep.
///
/// Adding `dz ⊗ x` into the weight gradient at every step streams the whole gradient block
/// through the cache each time (206 KB for the default LSTM, 20 to 40 times a sequence). Instead
/// the backward pass records each step's `x` and `dz` here and computes only `Wᵀ dz` per step;
/// `accumulate` then adds all the steps row by row (see `Kernels.accumulateOuterProducts`).
/// Each weight's terms are summed in the order recorded (latest step first) and the sum added to
/// the total once, so the result does not depend on how a trainer splits the rows among threads.
struct DeferredDenseGradient<S: NTMScalar>: Sendable {
  let rows: Int
  let columns: Int
  let weightOffset: Int
  let biasOffset: Int
  private(set) var steps = 0
  /// x of each recorded step, `columns` values each.
  private var inputs: [S] = []
  /// dz of each recorded step, `rows` values each.
  private var outputGradients: [S] = []

  init(rows: Int, columns: Int, weight: String, bias: String, layout: ParameterLayout) {
    self.rows = rows
    self.columns = columns
    weightOffset = layout.offset(weight)
    biasOffset = layout.offset(bias)
  }

  /// Room for `steps` steps' records at once, so that recording never grows the buffers step by
  /// step (each growth a new allocation and a copy of every step so far).
  mutating func reserve(steps: Int) {
    inputs.reserveCapacity(steps * columns)
    outputGradients.reserveCapacity(steps * rows)
  }

  /// No steps recorded, the buffers kept for the next sequence's steps.
  mutating func removeAllSteps() {
    inputs.removeAll(keepingCapacity: true)
    outputGradients.removeAll(keepingCapacity: true)
    steps = 0
  }

  /// Keeps one step's output gradient and its input [`head`; `part(0)`; …; `part(parts - 1)`],
  /// joined as it is recorded rather than in a vector of its own (the output layer's [hₜ; rₜ]).
  mutating func record(input head: [S], _ parts: Int, _ part: (Int) -> [S], outputGradient: [S]) {
    precondition(outputGradient.count == rows)
    let start = inputs.count
    Self.append(head, to: &inputs)
    for k in 0..<parts { Self.append(part(k), to: &inputs) }
    precondition(inputs.count - start == columns)
    Self.append(outputGradient, to: &outputGradients)
    steps += 1
  }

  /// Keeps one step's input and output gradient for `accumulate`.
  mutating func record(input: [S], outputGradient: [S]) {
    precondition(input.count == columns && outputGradient.count == rows)
    Self.append(input, to: &inputs)
    Self.append(outputGradient, to: &outputGradients)
    steps += 1
  }

  /// `buffer.append(contentsOf: values)` through the values' buffer: the generic
  /// `append(contentsOf:)` retained and released the array at every call.
  private static func append(_ values: [S], to buffer: inout [S]) {
    values.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
  }

  /// Adds this sequence's `Σₜ dzₜ ⊗ xₜ` and `Σₜ dzₜ` into the layer's blocks of `gradient`, for
  /// the rows `rows` (all by default); see `Kernels.accumulateOuterProducts`.
  func accumulate(into gradient: UnsafeMutablePointer<S>, rows rowRange: Range<Int>? = nil) {
    guard steps > 0 else { return }
    inputs.withUnsafeBufferPointer { x in
      outputGradients.withUnsafeBufferPointer { dz in
        Kernels.accumulateOuterProducts(
          outputGradients: dz.baseAddress!, inputs: x.baseAddress!, steps: steps, rows: rows,
          columns: columns, rowRange: rowRange ?? 0..<rows, weightGradient: gradient + weightOffset,
          biasGradient: gradient + biasOffset)
      }
    }
  }
}
