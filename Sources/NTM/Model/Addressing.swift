import CDenseKernels

/// The four stages of addressing (the paper's section 3.3) as docs/ntm.md writes them, forward and
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

/// The gradients of one head's addressing with respect to its parameters and its previous
/// weighting, as `Addressing.backward` writes them; kept across steps by the backward pass so
/// that their buffers are reused.
struct AddressingGradients<Scalar: NTMScalar>: Sendable {
  var key: [Scalar] = []
  var keyStrength: Scalar = 0
  var interpolationGate: Scalar = 0
  var shiftWeighting: [Scalar] = []
  var sharpening: Scalar = 0
  var previous: [Scalar] = []
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
    var record = AddressingRecord(
      previous: previous, key: p.key, keyStrength: p.keyStrength, similarity: [], contentWeighting: [],
      interpolationGate: p.interpolationGate, gatedWeighting: [], shiftWeighting: p.shiftWeighting,
      shiftedWeighting: [], sharpening: p.sharpening, weighting: [])
    address(&record, memory: memory, shifts: shifts)
    return record
  }

  /// The four stages for a record whose parameters (key, β, g, s, γ) and previous weighting
  /// are set: fills in every other vector, in the buffers the record already has when they
  /// can be reused (a record kept from an earlier sequence, `TrainingWorkspace`).
  static func address<S: NTMScalar>(
    _ r: inout AddressingRecord<S>, memory: Matrix<S>, shifts: ClosedRange<Int>
  ) {
    let n = memory.rows
    precondition(r.previous.count == n && r.shiftWeighting.count == shifts.count)
    precondition(
      r.key.count == memory.columns, "key has \(r.key.count) values, memory rows \(memory.columns)")
    // 1. Content: wᶜ = softmax(β K).
    rowNormsAndDots(key: r.key, memory: memory, norms: &r.rowNorms, dots: &r.keyDots)
    cosineSimilarity(key: r.key, rowNorms: r.rowNorms, keyDots: r.keyDots, into: &r.similarity)
    Activation.softmax(r.similarity, scaledBy: r.keyStrength, into: &r.contentWeighting)
    // 2. Interpolation: wᵍ = g wᶜ + (1 − g) wₜ₋₁, eight locations at a time.
    let g = r.interpolationGate
    let (content, previous) = (r.contentWeighting, r.previous)
    content.withUnsafeBufferPointer { content in
      previous.withUnsafeBufferPointer { previous in
        r.gatedWeighting.overwrite(count: n) { gated in
          for i in stride(from: 0, to: n, by: 8) {
            let c = Kernels.load(content.baseAddress!, i, count: n)
            let w = Kernels.load(previous.baseAddress!, i, count: n)
            Kernels.store(g * c + (1 - g) * w, gated, i, count: n)
          }
        }
      }
    }
    // 3. Shift: w̃ = wᵍ circularly convolved with s.
    circularConvolution(r.gatedWeighting, r.shiftWeighting, offsets: shifts, into: &r.shiftedWeighting)
    // 4. Sharpening: w = softmax(γ log(w̃ + ε)).
    let epsilon = S(sharpeningEpsilon)
    r.shiftedWeighting.withUnsafeBufferPointer { shifted in
      r.logShifted.overwrite(count: n) { logShifted in
        for i in 0..<n { logShifted[i] = shifted[i] + epsilon }
        S.formLog(UnsafeMutableBufferPointer(start: logShifted, count: n))
      }
    }
    Activation.softmax(r.logShifted, scaledBy: r.sharpening, into: &r.weighting)
  }

  /// w̃(i) = Σₖ wᵍ(i − offsetₖ mod n) s(k) for every location i, the offsets' terms added in
  /// order (lowest offset first), eight locations at a time.
  ///
  /// The terms are read from a copy of wᵍ extended circularly at both ends (`circularCopy`),
  /// element t of which is wᵍ(t − highest offset mod n): there, each offset's terms for eight
  /// neighbouring locations are eight neighbouring elements, with no wrap-around in between.
  static func circularConvolution<S: NTMScalar>(_ x: [S], _ s: [S], offsets: ClosedRange<Int>) -> [S] {
    var y: [S] = []
    circularConvolution(x, s, offsets: offsets, into: &y)
    return y
  }

  /// `circularConvolution` into `y`, its buffer kept when it can be. The circular copy is on
  /// the stack for memories of up to a few hundred locations.
  static func circularConvolution<S: NTMScalar>(
    _ x: [S], _ s: [S], offsets: ClosedRange<Int>, into y: inout [S]
  ) {
    let n = x.count
    let highest = offsets.upperBound
    let paddedCount = n + offsets.count - 1
    withUnsafeTemporaryAllocation(of: S.self, capacity: paddedCount) { padded in
      let padded = padded.baseAddress!
      x.withUnsafeBufferPointer { circularCopy($0, from: -highest, count: paddedCount, into: padded) }
      s.withUnsafeBufferPointer { s in
        y.overwrite(count: n) { y in
          for i in stride(from: 0, to: n, by: 8) {
            var sum = SIMD8<S>()
            for (k, offset) in offsets.enumerated() {
              sum = sum + Kernels.load(padded + (highest - offset), i, count: n) * s[k]  // wᵍ(i − offset)
            }
            Kernels.store(sum, y, i, count: n)
          }
        }
      }
    }
  }

  /// `p[t] = x(start + t mod n)` for t in 0 ..< count, where n is the buffer's length: x read
  /// circularly from `start`, copied as contiguous runs up to each wrap-around.
  static func circularCopy<S>(
    _ x: UnsafeBufferPointer<S>, from start: Int, count: Int, into p: UnsafeMutablePointer<S>
  ) {
    var (t, j) = (0, wrap(start, x.count))
    while t < count {
      let run = min(x.count - j, count - t)
      (p + t).initialize(from: x.baseAddress! + j, count: run)
      (t, j) = (t + run, 0)
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
    var similarity: [S] = []
    cosineSimilarity(key: key, rowNorms: norms, keyDots: dots, into: &similarity)
    return similarity
  }

  /// `cosineSimilarity` into `similarity`, its buffer kept when it can be.
  static func cosineSimilarity<S: NTMScalar>(
    key: [S], rowNorms norms: [S], keyDots dots: [S], into similarity: inout [S]
  ) {
    let n = norms.count
    let keyNorm = key.withUnsafeBufferPointer {
      Kernels.dot($0.baseAddress!, $0.baseAddress!, count: key.count)
    }
    .squareRoot()
    // Eight locations at a time: the divisions are independent, so they overlap.
    similarity.overwrite(count: n) { similarity in
      let epsilon = SIMD8<S>(repeating: S(similarityEpsilon))
      for i in stride(from: 0, to: n, by: 8) {
        let v = Kernels.load(dots, i, count: n) / (keyNorm * Kernels.load(norms, i, count: n) + epsilon)
        Kernels.store(v, similarity, i, count: n)
      }
    }
  }

  /// ‖Mᵢ‖ and k·Mᵢ for every location i, each sum formed exactly as `Kernels.dot` forms it.
  ///
  /// Both sums of a row are taken in one pass over it; their lane sums and last few columns
  /// then eight rows at a time (`Kernels.laneSums`), and the square roots eight at a time, so
  /// that no row waits on a chain of dependent additions or on a square root's latency.
  ///
  /// For `Float` with AVX2, `ntm_row_norms_and_dots` does the same in AVX registers (`kernel:
  /// false` runs this Swift definition).
  static func rowNormsAndDots<S: NTMScalar>(key: [S], memory: Matrix<S>, kernel: Bool = true) -> (
    norms: [S], dots: [S]
  ) {
    var norms: [S] = []
    var dots: [S] = []
    rowNormsAndDots(key: key, memory: memory, norms: &norms, dots: &dots, kernel: kernel)
    return (norms, dots)
  }

  /// `rowNormsAndDots` into `norms` and `dots`, their buffers kept when they can be.
  static func rowNormsAndDots<S: NTMScalar>(
    key: [S], memory: Matrix<S>, norms: inout [S], dots: inout [S], kernel: Bool = true
  ) {
    let n = memory.rows
    let m = memory.columns
    let vectorEnd = m / 8 * 8
    norms.overwriteWithZeros(count: n)
    dots.overwriteWithZeros(count: n)
    if kernel && S.self == Float.self && n > 0 && m > 0 {
      // Nested buffers rather than `withBuffers`, whose arrays of arrays and pointers allocate.
      let done = memory.values.withUnsafeBufferPointer { rows in
        key.withUnsafeBufferPointer { key in
          norms.withUnsafeMutableBufferPointer { norms in
            dots.withUnsafeMutableBufferPointer { dots in
              ntm_row_norms_and_dots(
                Kernels.float(rows.baseAddress!), n, m, Kernels.float(key.baseAddress!),
                Kernels.float(norms.baseAddress!), Kernels.float(dots.baseAddress!))
            }
          }
        }
      }
      if done == 1 { return }
    }
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
  }

  /// Gradients with respect to the activated parameters and the previous weighting, given
  /// the gradient `dWeighting` with respect to the final weighting. The content stage's
  /// gradient with respect to memory is added into `memoryGradient`.
  ///
  /// The stages are undone in reverse order, each a pass over the locations eight at a time.
  /// Every sum over the locations (dγ, ds, dg, dβ and the softmaxes' Σ w dw) is still added one
  /// location after another in location order, so the results are those of a plain loop; sums
  /// that do not depend on each other share a pass, so that their chains of dependent additions
  /// overlap.
  static func backward<S: NTMScalar>(
    _ r: AddressingRecord<S>, memory: Matrix<S>, shifts: ClosedRange<Int>, dWeighting: [S],
    memoryGradient: inout [S]
  ) -> (parameters: AddressingParameters<S>, previous: [S]) {
    var gradients = AddressingGradients<S>()
    var scratch: [S] = []
    backward(
      r, memory: memory, shifts: shifts, dWeighting: dWeighting, memoryGradient: &memoryGradient,
      into: &gradients, scratch: &scratch)
    return (
      AddressingParameters(
        key: gradients.key, keyStrength: gradients.keyStrength,
        interpolationGate: gradients.interpolationGate,
        shiftWeighting: gradients.shiftWeighting, sharpening: gradients.sharpening),
      gradients.previous
    )
  }

  /// `backward` into `gradients` and with `scratch` as its scratch space, their buffers kept
  /// when they can be (the backward pass's `BackwardScratch`).
  static func backward<S: NTMScalar>(
    _ r: AddressingRecord<S>, memory: Matrix<S>, shifts: ClosedRange<Int>, dWeighting: [S],
    memoryGradient: inout [S], into gradients: inout AddressingGradients<S>, scratch: inout [S]
  ) {
    let n = memory.rows
    precondition(dWeighting.count == n && r.shiftWeighting.count == shifts.count)
    let logShifted =
      r.logShifted.count == n
      ? r.logShifted : S.log(each: r.shiftedWeighting.lazy.map { $0 + S(sharpeningEpsilon) })
    // The intermediate gradients dw̃, dwᵍ, dwᶜ and dK, then room for the shift's circular copies
    // or, later, the similarity's coefficients: one buffer for all.
    let scratchCount = 4 * n + max(3 * n, 2 * (n + shifts.count - 1))
    if scratch.count < scratchCount { scratch = [S](repeating: 0, count: scratchCount) }
    scratch.withUnsafeMutableBufferPointer { scratch in
      let scratch = scratch.baseAddress!
      let (dShifted, dGated, dContent, dSimilarity) = (scratch, scratch + n, scratch + 2 * n, scratch + 3 * n)
      gradients.sharpening = sharpeningBackward(
        weighting: r.weighting, logShifted: logShifted, unsharpened: r.shiftedWeighting,
        exponent: r.sharpening, epsilon: S(sharpeningEpsilon), dWeighting: dWeighting, into: dShifted)
      shiftBackward(
        r, shifts: shifts, dShifted: dShifted, into: dGated, dShift: &gradients.shiftWeighting,
        workspace: scratch + 4 * n)
      let interpolation = interpolationBackward(
        r, dGated: dGated, into: dContent, dPrevious: &gradients.previous)
      gradients.interpolationGate = interpolation.dGate
      gradients.keyStrength = contentBackward(
        weighting: r.contentWeighting, similarity: r.similarity, keyStrength: r.keyStrength,
        dContent: dContent,
        inner: interpolation.contentInner, into: dSimilarity)
      cosineSimilarityBackward(
        key: r.key, rowNorms: r.rowNorms, keyDots: r.keyDots, memory: memory, dSimilarity: dSimilarity,
        memoryGradient: &memoryGradient, workspace: scratch + 4 * n, dKey: &gradients.key)
    }
  }

  /// `sum` plus the lanes of `v` one at a time in lane order (only the first `count` when
  /// fewer than eight): a sum over locations taken eight at a time, added in location order.
  @inline(__always)
  private static func adding<S: NTMScalar>(_ v: SIMD8<S>, to sum: S, lanes count: Int) -> S {
    var sum = sum
    if count >= 8 {
      for l in 0..<8 { sum += v[l] }
    } else {
      for l in 0..<count { sum += v[l] }
    }
    return sum
  }

  /// Sharpening, w = softmax(γ log(w̃ + ε)): writes dw̃ into `dShifted` and returns dγ. The
  /// NTM's fourth stage (w̃ the shifted weighting, γ the sharpening) and the DNC's link sharpness
  /// (w̃ a forward or backward weighting, γ its exponent).
  ///
  /// The softmax's gradient with respect to its inputs γ log(w̃ + ε) is w ∘ (dw − Σ w dw); of
  /// those, dγ = Σ dlogits ∘ log(w̃ + ε) and dw̃ = dlogits γ / (w̃ + ε).
  static func sharpeningBackward<S: NTMScalar>(
    weighting: [S], logShifted: [S], unsharpened: [S], exponent gamma: S, epsilon: S, dWeighting: [S],
    into dShifted: UnsafeMutablePointer<S>
  ) -> S {
    let n = dWeighting.count
    return weighting.withUnsafeBufferPointer { w in
      dWeighting.withUnsafeBufferPointer { dw in
        logShifted.withUnsafeBufferPointer { logShifted in
          unsharpened.withUnsafeBufferPointer { shifted in
            let (w, dw, logShifted, shifted) = (
              w.baseAddress!, dw.baseAddress!, logShifted.baseAddress!, shifted.baseAddress!
            )
            var inner: S = 0
            for i in stride(from: 0, to: n, by: 8) {
              inner = adding(
                Kernels.load(w, i, count: n) * Kernels.load(dw, i, count: n), to: inner, lanes: n - i)
            }
            var dSharpening: S = 0
            for i in stride(from: 0, to: n, by: 8) {
              let dLogits = Kernels.load(w, i, count: n) * (Kernels.load(dw, i, count: n) - inner)
              dSharpening = adding(
                dLogits * Kernels.load(logShifted, i, count: n), to: dSharpening, lanes: n - i)
              let v = dLogits * gamma / (Kernels.load(shifted, i, count: n) + epsilon)
              Kernels.store(v, dShifted, i, count: n)
            }
            return dSharpening
          }
        }
      }
    }
  }

  /// Shift, w̃(i) = Σₖ s(k) wᵍ(i − offsetₖ): writes dwᵍ(j) = Σₖ s(k) dw̃(j + offsetₖ) into
  /// `dGated` and returns ds(k) = Σᵢ dw̃(i) wᵍ(i − offsetₖ).
  ///
  /// Both read circular copies (see `circularConvolution`): dw̃ from the lowest offset on, in
  /// which dw̃(j + offset) is element j + offset − lowest, and wᵍ from minus the highest, in
  /// which wᵍ(i − offset) is element i + highest − offset. The sums ds(k) of all the offsets
  /// share the pass over the locations.
  private static func shiftBackward<S: NTMScalar>(
    _ r: AddressingRecord<S>, shifts: ClosedRange<Int>, dShifted: UnsafePointer<S>,
    into dGated: UnsafeMutablePointer<S>, dShift: inout [S], workspace padded: UnsafeMutablePointer<S>
  ) {
    let n = r.gatedWeighting.count
    let (lowest, highest) = (shifts.lowerBound, shifts.upperBound)
    let paddedCount = n + shifts.count - 1
    let (paddedDShifted, paddedGated) = (padded, padded + paddedCount)
    circularCopy(
      UnsafeBufferPointer(start: dShifted, count: n), from: lowest, count: paddedCount, into: paddedDShifted)
    r.gatedWeighting.withUnsafeBufferPointer {
      circularCopy($0, from: -highest, count: paddedCount, into: paddedGated)
    }
    dShift.overwriteWithZeros(count: shifts.count)
    r.shiftWeighting.withUnsafeBufferPointer { s in
      dShift.withUnsafeMutableBufferPointer { ds in
        for i in stride(from: 0, to: n, by: 8) {
          let d = Kernels.load(dShifted, i, count: n)
          var sum = SIMD8<S>()
          for (k, offset) in shifts.enumerated() {
            sum = sum + Kernels.load(paddedDShifted + (offset - lowest), i, count: n) * s[k]
            ds[k] = adding(
              d * Kernels.load(paddedGated + (highest - offset), i, count: n), to: ds[k], lanes: n - i)
          }
          Kernels.store(sum, dGated, i, count: n)
        }
      }
    }
  }

  /// Interpolation, wᵍ = g wᶜ + (1 − g) wₜ₋₁: writes dwᶜ = g dwᵍ into `dContent` and returns
  /// dg = Σ dwᵍ ∘ (wᶜ − wₜ₋₁) and dwₜ₋₁ = (1 − g) dwᵍ, with Σ wᶜ dwᶜ, which the content stage
  /// needs next, summed in the same pass.
  private static func interpolationBackward<S: NTMScalar>(
    _ r: AddressingRecord<S>, dGated: UnsafePointer<S>, into dContent: UnsafeMutablePointer<S>,
    dPrevious: inout [S]
  ) -> (dGate: S, contentInner: S) {
    let n = r.gatedWeighting.count
    let g = r.interpolationGate
    var dGate: S = 0
    var inner: S = 0
    dPrevious.overwrite(count: n) { dPrevious in
      r.contentWeighting.withUnsafeBufferPointer { content in
        r.previous.withUnsafeBufferPointer { previous in
          for i in stride(from: 0, to: n, by: 8) {
            let dg = Kernels.load(dGated, i, count: n)
            let c = Kernels.load(content.baseAddress!, i, count: n)
            dGate = adding(
              dg * (c - Kernels.load(previous.baseAddress!, i, count: n)), to: dGate, lanes: n - i)
            let dc = g * dg
            Kernels.store(dc, dContent, i, count: n)
            inner = adding(c * dc, to: inner, lanes: n - i)
            Kernels.store((1 - g) * dg, dPrevious, i, count: n)
          }
        }
      }
    }
    return (dGate, inner)
  }

  /// Content, wᶜ = softmax(β K): writes dK = β dscore into `dSimilarity` and returns
  /// dβ = Σ dscore ∘ K, where dscore = wᶜ ∘ (dwᶜ − Σ wᶜ dwᶜ) is the softmax's input gradient.
  static func contentBackward<S: NTMScalar>(
    weighting: [S], similarity: [S], keyStrength beta: S, dContent: UnsafePointer<S>, inner: S,
    into dSimilarity: UnsafeMutablePointer<S>
  ) -> S {
    let n = weighting.count
    var dKeyStrength: S = 0
    weighting.withUnsafeBufferPointer { content in
      similarity.withUnsafeBufferPointer { similarity in
        for i in stride(from: 0, to: n, by: 8) {
          let dScore =
            Kernels.load(content.baseAddress!, i, count: n) * (Kernels.load(dContent, i, count: n) - inner)
          dKeyStrength = adding(
            dScore * Kernels.load(similarity.baseAddress!, i, count: n), to: dKeyStrength, lanes: n - i)
          Kernels.store(dScore * beta, dSimilarity, i, count: n)
        }
      }
    }
    return dKeyStrength
  }

  /// K(i) = k·Mᵢ / (‖k‖‖Mᵢ‖ + ε). Returns dk and adds dM. Where a norm is zero, its direction
  /// term is taken as zero (the numerator is then zero too, so that term's coefficient is).
  ///
  /// For `Float` with AVX2, `ntm_cosine_similarity_backward` does the same in AVX registers
  /// (`kernel: false` runs this Swift definition).
  static func cosineSimilarityBackward<S: NTMScalar>(
    key: [S], rowNorms: [S], keyDots: [S], memory: Matrix<S>, dSimilarity d: UnsafePointer<S>,
    memoryGradient: inout [S], workspace coefficients: UnsafeMutablePointer<S>, kernel: Bool = true
  ) -> [S] {
    var dKey: [S] = []
    cosineSimilarityBackward(
      key: key, rowNorms: rowNorms, keyDots: keyDots, memory: memory, dSimilarity: d,
      memoryGradient: &memoryGradient, workspace: coefficients, kernel: kernel, dKey: &dKey)
    return dKey
  }

  /// `cosineSimilarityBackward` with dk written into `dKey`, its buffer kept when it can be.
  static func cosineSimilarityBackward<S: NTMScalar>(
    key: [S], rowNorms: [S], keyDots: [S], memory: Matrix<S>, dSimilarity d: UnsafePointer<S>,
    memoryGradient: inout [S], workspace coefficients: UnsafeMutablePointer<S>, kernel: Bool = true,
    dKey: inout [S]
  ) {
    let n = memory.rows
    let m = memory.columns
    let keyNorm = key.reduce(0) { $0 + $1 * $1 }.squareRoot()
    var (norms, dots) = (rowNorms, keyDots)
    if norms.count != n || dots.count != n {
      (norms, dots) = rowNormsAndDots(key: key, memory: memory, kernel: kernel)
    }
    dKey.overwriteWithZeros(count: m)
    if kernel && S.self == Float.self && n > 0 && m > 0 {
      // Nested buffers rather than `withBuffers`, whose arrays of arrays and pointers allocate.
      let done = key.withUnsafeBufferPointer { key in
        norms.withUnsafeBufferPointer { norms in
          dots.withUnsafeBufferPointer { dots in
            memory.values.withUnsafeBufferPointer { rows in
              memoryGradient.withUnsafeMutableBufferPointer { dM in
                dKey.withUnsafeMutableBufferPointer { dk in
                  typealias K = Kernels
                  return ntm_cosine_similarity_backward(
                    K.float(key.baseAddress!), Float(keyNorm), K.float(norms.baseAddress!),
                    K.float(dots.baseAddress!), K.float(rows.baseAddress!), n, m, K.float(d),
                    K.float(dM.baseAddress!), K.float(coefficients), K.float(dk.baseAddress!))
                }
              }
            }
          }
        }
      }
      if done == 1 { return }
    }
    // Each location's coefficients, eight locations at a time (independent divisions overlap):
    // a = d/D and b = d (k·Mᵢ)/D² with D = ‖k‖‖Mᵢ‖ + ε, then the two direction terms' factors.
    let (a, keyTerm, rowTerm) = (coefficients, coefficients + n, coefficients + 2 * n)
    for i in stride(from: 0, to: n, by: 8) {
      let rowNorm = Kernels.load(norms, i, count: n)
      let denominator = keyNorm * rowNorm + SIMD8<S>(repeating: S(similarityEpsilon))
      let di = Kernels.load(d, i, count: n)
      let b = di * Kernels.load(dots, i, count: n) / (denominator * denominator)
      Kernels.store(di / denominator, a, i, count: n)
      Kernels.store(-b * rowNorm / keyNorm, keyTerm, i, count: n)
      Kernels.store(-b * keyNorm / rowNorm, rowTerm, i, count: n)
    }
    // One pass down the rows, eight columns at a time (`Kernels.RowBlocks`), for both
    // ∂K/∂Mᵢ = k/D − (k·Mᵢ) ‖k‖ Mᵢ / (‖Mᵢ‖ D²), added into row i of dM, and
    // ∂K/∂k = Mᵢ/D − (k·Mᵢ) ‖Mᵢ‖ k / (‖k‖ D²), summed over the rows in order, a running sum per
    // block of columns.
    let blocks = Kernels.RowBlocks<S>(count: m)
    withUnsafeTemporaryAllocation(of: SIMD8<S>.self, capacity: blocks.blockCount) { dKeyBlocks in
      dKeyBlocks.initialize(repeating: SIMD8<S>())
      memory.values.withUnsafeBufferPointer { rows in
        key.withUnsafeBufferPointer { k in
          norms.withUnsafeBufferPointer { norms in
            memoryGradient.withUnsafeMutableBufferPointer { dM in
              let (rows, k, dM) = (rows.baseAddress!, k.baseAddress!, dM.baseAddress!)
              for i in 0..<n where d[i] != 0 {
                let row = rows + i * m
                let (ai, keyTermI, rowTermI, hasNorm) = (a[i], keyTerm[i], rowTerm[i], norms[i] > 0)
                blocks.update(dM + i * m) { dRow, start, fresh in
                  let x = blocks.load(row, start)
                  let kj = blocks.load(k, start)
                  var sum = dKeyBlocks[(start + fresh) / 8]
                  sum = ai * x + sum
                  if keyNorm > 0 { sum = keyTermI * kj + sum }
                  dKeyBlocks[(start + fresh) / 8] = sum
                  let v = ai * kj + dRow
                  return hasNorm ? rowTermI * x + v : v
                }
              }
            }
          }
        }
      }
      dKey.withUnsafeMutableBufferPointer { dk in
        blocks.forEach { start, fresh in
          blocks.storeFresh(dKeyBlocks[(start + fresh) / 8], dk.baseAddress!, start, fresh: fresh)
        }
      }
    }
  }
}
