/// The four stages of addressing (the paper's section 3.3) as NTM.md writes them, forward and
/// backward, for one head at one timestep.
///
/// The forward pass keeps every intermediate in an `AddressingRecord`: the screen draws them
/// and the backward pass differentiates through them, so both see the same numbers.
public struct AddressingRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// wₜ₋₁: this head's weighting from the previous step.
  public var previous: [Scalar]
  /// k: the key the head looks for.
  public var key: [Scalar]
  /// β ≥ 0: how sharply the content weighting prefers the best match.
  public var keyStrength: Scalar
  /// K(k, M(i)): cosine similarity of the key with every location.
  public var similarity: [Scalar]
  /// wᶜ = softmax(β K).
  public var contentWeighting: [Scalar]
  /// g ∈ [0, 1]: 1 takes the content weighting, 0 keeps the previous weighting.
  public var interpolationGate: Scalar
  /// wᵍ = g wᶜ + (1 − g) wₜ₋₁.
  public var gatedWeighting: [Scalar]
  /// s: a distribution over the allowed offsets, lowest offset first.
  public var shiftWeighting: [Scalar]
  /// w̃: wᵍ circularly convolved with s.
  public var shiftedWeighting: [Scalar]
  /// γ ≥ 1: the sharpening exponent.
  public var sharpening: Scalar
  /// wₜ: the final weighting.
  public var weighting: [Scalar]

  /// ‖M(i)‖ and k·M(i), the parts of the similarity, and log(w̃(i) + ε), the sharpening's
  /// logarithms: kept for the backward pass so that it need not compute them again (they are
  /// not part of the public record).
  var rowNorms: [Scalar] = []
  var keyDots: [Scalar] = []
  var logShifted: [Scalar] = []
}

/// The activated parameters a head emits for addressing.
struct AddressingParameters<Scalar: NTMScalar> {
  var key: [Scalar]
  var keyStrength: Scalar
  var interpolationGate: Scalar
  var shiftWeighting: [Scalar]
  var sharpening: Scalar
}

enum Addressing {
  /// Guards the cosine similarity's denominator against an all-zero key or memory row.
  static let similarityEpsilon = 1e-8
  /// Added before the logarithm of sharpening so that exact zeros stay finite.
  static let sharpeningEpsilon = 1e-12

  static func address<S: NTMScalar>(
    _ p: AddressingParameters<S>, previous: [S], memory: Matrix<S>, shifts: ClosedRange<Int>
  ) -> AddressingRecord<S> {
    let n = memory.rows
    precondition(previous.count == n)
    let (norms, dots) = rowNormsAndDots(key: p.key, memory: memory)
    let similarity = cosineSimilarity(key: p.key, rowNorms: norms, keyDots: dots)
    let content = Activation.softmax(similarity, scaledBy: p.keyStrength)
    let g = p.interpolationGate
    let gated = [S](unsafeUninitializedCapacity: n) { gated, count in
      for i in 0..<n { gated[i] = g * content[i] + (1 - g) * previous[i] }
      count = n
    }
    var shifted = [S](repeating: 0, count: n)
    for (k, offset) in shifts.enumerated() {
      shiftedAdd(p.shiftWeighting[k], gated, offset: offset, into: &shifted)
    }
    let epsilon = S(sharpeningEpsilon)
    let logShifted = S.log(each: shifted.lazy.map { $0 + epsilon })
    let weighting = Activation.softmax(logShifted, scaledBy: p.sharpening)
    return AddressingRecord(
      previous: previous, key: p.key, keyStrength: p.keyStrength, similarity: similarity,
      contentWeighting: content, interpolationGate: g, gatedWeighting: gated,
      shiftWeighting: p.shiftWeighting, shiftedWeighting: shifted, sharpening: p.sharpening,
      weighting: weighting, rowNorms: norms, keyDots: dots, logShifted: logShifted)
  }

  /// `y(i) += x(i − offset mod n) · s` for every i: one offset's term of the circular shift, as
  /// two contiguous runs (before and after the wrap-around) rather than a modulo per element.
  static func shiftedAdd<S: NTMScalar>(_ s: S, _ x: [S], offset: Int, into y: inout [S]) {
    let n = x.count
    precondition(y.count == n)
    let start = wrap(-offset, n)  // the i = 0 element reads x(start)
    x.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in
        for i in 0..<(n - start) { y[i] += x[start + i] * s }
        for i in (n - start)..<n { y[i] += x[start + i - n] * s }
      }
    }
  }

  /// `i mod n` in 0..<n for negative `i` too.
  @inline(__always) static func wrap(_ i: Int, _ n: Int) -> Int {
    let r = i % n
    return r < 0 ? r + n : r
  }

  /// K(k, M(i)) for every location of a memory.
  static func cosineSimilarity<S: NTMScalar>(key: [S], memory: Matrix<S>) -> [S] {
    let (norms, dots) = rowNormsAndDots(key: key, memory: memory)
    return cosineSimilarity(key: key, rowNorms: norms, keyDots: dots)
  }

  /// K(k, M(i)) = k·M(i) / (‖k‖ ‖M(i)‖ + ε) from the row norms and dots (`rowNormsAndDots`).
  static func cosineSimilarity<S: NTMScalar>(key: [S], rowNorms norms: [S], keyDots dots: [S]) -> [S] {
    let n = norms.count
    let keyNorm = key.withUnsafeBufferPointer {
      Kernels.dot($0.baseAddress!, $0.baseAddress!, count: key.count)
    }
    .squareRoot()
    // Eight locations at a time: the divisions are independent, so they overlap.
    return [S](unsafeUninitializedCapacity: n) { similarity, count in
      let epsilon = SIMD8<S>(repeating: S(similarityEpsilon))
      for i in stride(from: 0, to: n, by: 8) {
        let v = Kernels.load(dots, i, count: n) / (keyNorm * Kernels.load(norms, i, count: n) + epsilon)
        Kernels.store(v, similarity.baseAddress!, i, count: n)
      }
      count = n
    }
  }

  /// ‖Mᵢ‖ and k·Mᵢ for every location i, each sum formed exactly as `Kernels.dot` forms it.
  ///
  /// Both sums of a row are taken in one pass over it; their lane sums and last few columns
  /// then eight rows at a time (`Kernels.laneSums`), and the square roots eight at a time, so
  /// that no row waits on a chain of dependent additions or on a square root's latency.
  static func rowNormsAndDots<S: NTMScalar>(key: [S], memory: Matrix<S>) -> (norms: [S], dots: [S]) {
    let n = memory.rows
    let m = memory.columns
    let vectorEnd = m / 8 * 8
    var norms = [S](repeating: 0, count: n)
    var dots = [S](repeating: 0, count: n)
    memory.values.withUnsafeBufferPointer { rows in
      key.withUnsafeBufferPointer { k in
        norms.withUnsafeMutableBufferPointer { norms in
          dots.withUnsafeMutableBufferPointer { dots in
            let (rows, k) = (rows.baseAddress!, k.baseAddress!)
            let squares = UnsafeMutablePointer<SIMD8<S>>.allocate(capacity: 2 * n)
            defer { squares.deallocate() }
            let products = squares + n
            for i in 0..<n {
              (squares[i], products[i]) = Kernels.squaredNormAndDotPartials(rows + i * m, k, count: m)
            }
            var i = 0
            while i + 8 <= n {
              var xx = Kernels.laneSums(squares + i)
              var xy = Kernels.laneSums(products + i)
              for j in vectorEnd..<m {
                var column = SIMD8<S>()
                for l in 0..<8 { column[l] = rows[(i + l) * m + j] }
                xx = xx + column * column
                xy = xy + column * k[j]
              }
              for l in 0..<8 {
                norms[i + l] = xx[l]
                dots[i + l] = xy[l]
              }
              i += 8
            }
            for i in i..<n { (norms[i], dots[i]) = Kernels.squaredNormAndDot(rows + i * m, k, count: m) }
            for i in stride(from: 0, to: n, by: 8) {
              Kernels.store(
                Kernels.load(norms.baseAddress!, i, count: n).squareRoot(), norms.baseAddress!, i, count: n)
            }
          }
        }
      }
    }
    return (norms, dots)
  }

  /// Gradients with respect to the activated parameters and the previous weighting, given
  /// the gradient `dWeighting` with respect to the final weighting. The content stage's
  /// gradient with respect to memory is added into `memoryGradient`.
  static func backward<S: NTMScalar>(
    _ r: AddressingRecord<S>, memory: Matrix<S>, shifts: ClosedRange<Int>, dWeighting: [S],
    memoryGradient: inout [S]
  ) -> (parameters: AddressingParameters<S>, previous: [S]) {
    let n = memory.rows
    let epsilon = S(sharpeningEpsilon)
    // Sharpening: w = softmax(γ log(w̃ + ε)).
    let dLogits = Activation.softmaxBackward(output: r.weighting, gradient: dWeighting)
    let logShifted =
      r.logShifted.count == n ? r.logShifted : S.log(each: r.shiftedWeighting.lazy.map { $0 + epsilon })
    var dSharpening: S = 0
    for i in 0..<n { dSharpening += dLogits[i] * logShifted[i] }
    let dShifted = [S](unsafeUninitializedCapacity: n) { dShifted, count in
      for i in 0..<n { dShifted[i] = dLogits[i] * r.sharpening / (r.shiftedWeighting[i] + epsilon) }
      count = n
    }
    // Shift: w̃(i) = Σₖ s(k) wᵍ(i − offsetₖ), so dwᵍ(j) = Σₖ s(k) dw̃(j + offsetₖ).
    var dGated = [S](repeating: 0, count: n)
    var dShift = [S](repeating: 0, count: r.shiftWeighting.count)
    for (k, offset) in shifts.enumerated() {
      shiftedAdd(r.shiftWeighting[k], dShifted, offset: -offset, into: &dGated)
      var total: S = 0
      var j = wrap(-offset, n)  // i − offset mod n, stepped along with i
      for i in 0..<n {
        total += dShifted[i] * r.gatedWeighting[j]
        j = j == n - 1 ? 0 : j + 1
      }
      dShift[k] = total
    }
    // Interpolation: wᵍ = g wᶜ + (1 − g) wₜ₋₁. Then the content stage, wᶜ = softmax(β K), whose
    // gradient is wᶜ ∘ (dwᶜ − Σ wᶜ dwᶜ). Each sum over the locations is added in location order,
    // but sums that do not depend on each other (dg and Σ wᶜ dwᶜ) share a loop, so that their
    // chains of dependent additions overlap.
    let g = r.interpolationGate
    let content = r.contentWeighting
    var dGate: S = 0
    var inner: S = 0
    let dContent = [S](unsafeUninitializedCapacity: n) { dContent, count in
      for i in 0..<n {
        dGate += dGated[i] * (content[i] - r.previous[i])
        dContent[i] = g * dGated[i]
        inner += content[i] * dContent[i]
      }
      count = n
    }
    let dPrevious = dGated.map { (1 - g) * $0 }
    var dKeyStrength: S = 0
    let dSimilarity = [S](unsafeUninitializedCapacity: n) { dSimilarity, count in
      for i in 0..<n {
        let dScore = content[i] * (dContent[i] - inner)
        dKeyStrength += dScore * r.similarity[i]
        dSimilarity[i] = dScore * r.keyStrength
      }
      count = n
    }
    let dKey = cosineSimilarityBackward(
      r, memory: memory, dSimilarity: dSimilarity, memoryGradient: &memoryGradient)
    return (
      AddressingParameters(
        key: dKey, keyStrength: dKeyStrength, interpolationGate: dGate, shiftWeighting: dShift,
        sharpening: dSharpening),
      dPrevious
    )
  }

  /// K(i) = k·Mᵢ / (‖k‖‖Mᵢ‖ + ε). Returns dk and adds dM. Where a norm is zero, its direction
  /// term is taken as zero (the numerator is then zero too, so that term's coefficient is).
  private static func cosineSimilarityBackward<S: NTMScalar>(
    _ r: AddressingRecord<S>, memory: Matrix<S>, dSimilarity: [S], memoryGradient: inout [S]
  ) -> [S] {
    let n = memory.rows
    let m = memory.columns
    let key = r.key
    var dKey = [S](repeating: 0, count: m)
    let keyNorm = key.reduce(0) { $0 + $1 * $1 }.squareRoot()
    var (norms, dots) = (r.rowNorms, r.keyDots)
    if norms.count != n || dots.count != n { (norms, dots) = rowNormsAndDots(key: key, memory: memory) }
    // Each location's coefficients, eight locations at a time (independent divisions overlap):
    // a = d/D and b = d (k·Mᵢ)/D² with D = ‖k‖‖Mᵢ‖ + ε, then the two direction terms' factors.
    var a = [S](repeating: 0, count: n)
    var keyTerm = [S](repeating: 0, count: n)
    var rowTerm = [S](repeating: 0, count: n)
    dSimilarity.withUnsafeBufferPointer { d in
      a.withUnsafeMutableBufferPointer { a in
        keyTerm.withUnsafeMutableBufferPointer { keyTerm in
          rowTerm.withUnsafeMutableBufferPointer { rowTerm in
            for i in stride(from: 0, to: n, by: 8) {
              let rowNorm = Kernels.load(norms, i, count: n)
              let denominator = keyNorm * rowNorm + SIMD8<S>(repeating: S(similarityEpsilon))
              let di = Kernels.load(d.baseAddress!, i, count: n)
              let b = di * Kernels.load(dots, i, count: n) / (denominator * denominator)
              Kernels.store(di / denominator, a.baseAddress!, i, count: n)
              Kernels.store(-b * rowNorm / keyNorm, keyTerm.baseAddress!, i, count: n)
              Kernels.store(-b * keyNorm / rowNorm, rowTerm.baseAddress!, i, count: n)
            }
          }
        }
      }
    }
    memory.values.withUnsafeBufferPointer { rows in
      key.withUnsafeBufferPointer { k in
        // ∂K/∂Mᵢ = k/D − (k·Mᵢ) ‖k‖ Mᵢ / (‖Mᵢ‖ D²), row by row (the rows are independent).
        memoryGradient.withUnsafeMutableBufferPointer { dM in
          for i in 0..<n where dSimilarity[i] != 0 {
            let row = rows.baseAddress! + i * m
            let dRow = dM.baseAddress! + i * m
            if norms[i] > 0 {
              Kernels.axpy2(a[i], k.baseAddress!, rowTerm[i], row, dRow, count: m)
            } else {
              Kernels.axpy(a[i], k.baseAddress!, dRow, count: m)
            }
          }
        }
        // ∂K/∂k = Mᵢ/D − (k·Mᵢ) ‖Mᵢ‖ k / (‖k‖ D²), summed over the rows in order. Eight columns
        // at a time down all the rows, so that the sum stays in a register instead of making
        // each row wait for the previous row's store.
        dKey.withUnsafeMutableBufferPointer { dk in
          let blocks = Kernels.RowBlocks<S>(count: m)
          blocks.forEach { j, fresh in
            let kj = blocks.load(k.baseAddress!, j)
            var sum = SIMD8<S>()
            for i in 0..<n where dSimilarity[i] != 0 {
              sum = a[i] * blocks.load(rows.baseAddress! + i * m, j) + sum
              if keyNorm > 0 { sum = keyTerm[i] * kj + sum }
            }
            blocks.storeFresh(sum, dk.baseAddress!, j, fresh: fresh)
          }
        }
      }
    }
    return dKey
  }
}
