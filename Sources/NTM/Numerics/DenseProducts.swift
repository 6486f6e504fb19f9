import CDenseKernels

/// The products of the dense layers (controller, heads, output), which dominate the machine's
/// time: `W x + b` forward, `Wᵀ dz` and `Σₜ dzₜ ⊗ xₜ` backward. Matrices are row-major.
///
/// For `Float` they run in C (CDenseKernels) with fused multiply-adds on AVX2 hardware, twice
/// the speed of Swift's SIMD without them, and bit-identical on any processor. The plain Swift
/// versions serve `Double`, in which the gradient checks run.
extension Kernels {
  /// `out = W x + b`, with W of `rows × columns`.
  static func affine<S: NTMScalar>(
    weight: UnsafePointer<S>, bias: UnsafePointer<S>, input: [S], rows: Int, columns: Int
  ) -> [S] {
    precondition(input.count == columns)
    var out: [S] = []
    input.withUnsafeBufferPointer { x in
      affine(weight: weight, bias: bias, input: x.baseAddress!, rows: rows, columns: columns, into: &out)
    }
    return out
  }

  /// `out = W x + b` into `out` (made `rows` long, its buffer kept when it can be).
  static func affine<S: NTMScalar>(
    weight: UnsafePointer<S>, bias: UnsafePointer<S>?, input x: UnsafePointer<S>, rows: Int, columns: Int,
    into out: inout [S]
  ) {
    out.overwrite(count: rows) { out in
      if S.self == Float.self {
        ntm_matrix_vector(float(weight), float(x), bias.map(float), float(out), rows, columns)
        return
      }
      for r in 0..<rows { out[r] = dot(weight + r * columns, x, count: columns) }
      if let bias { for r in 0..<rows { out[r] = bias[r] + out[r] } }
    }
  }

  /// `W x`, with W of `rows × columns`.
  static func matrixVector<S: NTMScalar>(_ weight: UnsafePointer<S>, _ input: [S], rows: Int, columns: Int)
    -> [S]
  {
    precondition(input.count == columns)
    var out: [S] = []
    input.withUnsafeBufferPointer { x in
      affine(weight: weight, bias: nil, input: x.baseAddress!, rows: rows, columns: columns, into: &out)
    }
    return out
  }

  /// The input gradient of `out = W x + b`: `Wᵀ dout`, summed over the rows in order. Rows whose
  /// gradient is exactly zero are skipped (steps without a target, gates at rest). Columns
  /// before `first` are not computed (left zero): the controller's first layer has no use for
  /// the gradient with respect to the task input xₜ.
  ///
  /// The weight and bias gradients are not taken here: a sequence's backward pass keeps each
  /// step's `dout` and `x` (`DeferredDenseGradient`) and adds them once at the end
  /// (`accumulateOuterProducts`), so that the weight gradient is not streamed through the cache
  /// every timestep.
  static func transposedProduct<S: NTMScalar>(
    weight: UnsafePointer<S>, outputGradient: [S], rows: Int, columns: Int, from first: Int = 0
  ) -> [S] {
    var out: [S] = []
    transposedProduct(
      weight: weight, outputGradient: outputGradient, rows: rows, columns: columns, from: first, into: &out)
    return out
  }

  /// `transposedProduct` into `out` (made `columns` long, its buffer kept when it can be).
  static func transposedProduct<S: NTMScalar>(
    weight: UnsafePointer<S>, outputGradient: [S], rows: Int, columns: Int, from first: Int = 0,
    into out: inout [S]
  ) {
    precondition(outputGradient.count == rows && first <= columns)
    out.overwrite(count: columns) { out in
      out.update(repeating: 0, count: columns)
      outputGradient.withUnsafeBufferPointer { dout in
        if S.self == Float.self {
          ntm_transposed_product(float(weight), float(dout.baseAddress!), float(out), rows, columns, first)
          return
        }
        for r in 0..<rows where dout[r] != 0 {
          axpy(dout[r], weight + r * columns + first, out + first, count: columns - first)
        }
      }
    }
  }

  /// `W[r, :] += Σₜ dz[t][r] xₜ` and `b[r] += Σₜ dz[t][r]` for the rows `rowRange`: one
  /// sequence's weight and bias gradients of a dense layer over `steps` timesteps, with `dz`
  /// (steps × rows) and `x` (steps × columns) stored step after step, added to a running total.
  /// Terms whose dz is exactly zero are skipped.
  ///
  /// Each element's sum over the steps is formed first, from zero in step order, and then added
  /// to the total: the same as summing into a zeroed per-sequence gradient and adding that to
  /// the total, without the per-sequence gradient. A trainer can give disjoint row ranges to
  /// different threads (`SequenceGradient.sum`).
  static func accumulateOuterProducts<S: NTMScalar>(
    outputGradients dz: UnsafePointer<S>, inputs x: UnsafePointer<S>, steps: Int, rows: Int, columns: Int,
    rowRange: Range<Int>, weightGradient: UnsafeMutablePointer<S>, biasGradient: UnsafeMutablePointer<S>
  ) {
    if S.self == Float.self {
      return ntm_accumulate_outer_products(
        float(dz), float(x), steps, rows, columns, rowRange.lowerBound, rowRange.upperBound,
        float(weightGradient), float(biasGradient))
    }
    let sum = UnsafeMutablePointer<S>.allocate(capacity: columns)
    defer { sum.deallocate() }
    for r in rowRange {
      sum.initialize(repeating: 0, count: columns)
      var bias: S = 0
      for t in 0..<steps where dz[t * rows + r] != 0 {
        bias += dz[t * rows + r]
        axpy(dz[t * rows + r], x + t * columns, sum, count: columns)
      }
      biasGradient[r] += bias
      for j in 0..<columns { weightGradient[r * columns + j] += sum[j] }
    }
  }

  /// The same pointer as a Float pointer, for the C kernels; only called when S is Float.
  @inline(__always)
  static func float<S>(_ p: UnsafePointer<S>) -> UnsafePointer<Float> {
    UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
  }

  @inline(__always)
  static func float<S>(_ p: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
  }
}
