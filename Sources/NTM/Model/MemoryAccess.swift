import CDenseKernels

/// Reading from and writing to memory (the paper's sections 3.1 and 3.2), forward and backward.
enum MemoryAccess {
  /// r = Σᵢ w(i) M(i), the rows added in order, eight columns at a time (`Kernels.RowBlocks`).
  static func read<S: NTMScalar>(_ memory: Matrix<S>, weighting w: [S]) -> [S] {
    var r: [S] = []
    read(memory, weighting: w, into: &r)
    return r
  }

  /// `read` into `r`, its buffer kept when it can be.
  static func read<S: NTMScalar>(_ memory: Matrix<S>, weighting w: [S], into r: inout [S]) {
    let m = memory.columns
    let blocks = Kernels.RowBlocks<S>(count: m)
    r.overwriteWithZeros(count: m)
    memory.values.withUnsafeBufferPointer { rows in
      w.withUnsafeBufferPointer { w in
        r.withUnsafeMutableBufferPointer { r in
          for i in 0..<memory.rows where w[i] != 0 {
            let (wi, row) = (w[i], rows.baseAddress! + i * m)
            blocks.update(r.baseAddress!) { r, j, _ in wi * blocks.load(row, j) + r }
          }
        }
      }
    }
  }

  /// Adds the gradients of r = Σᵢ w(i) M(i): dw(i) = M(i)·dr, dM(i) += w(i) dr.
  static func readBackward<S: NTMScalar>(
    _ memory: Matrix<S>, weighting w: [S], dRead: [S], memoryGradient: inout [S]
  ) -> [S] {
    var dWeighting: [S] = []
    readBackward(memory, weighting: w, dRead: dRead, memoryGradient: &memoryGradient, dWeighting: &dWeighting)
    return dWeighting
  }

  /// `readBackward` with dw written into `dWeighting`, its buffer kept when it can be.
  static func readBackward<S: NTMScalar>(
    _ memory: Matrix<S>, weighting w: [S], dRead: [S], memoryGradient: inout [S], dWeighting: inout [S]
  ) {
    let m = memory.columns
    memory.values.withUnsafeBufferPointer { rows in
      dRead.withUnsafeBufferPointer { dr in
        Kernels.affine(
          weight: rows.baseAddress!, bias: nil, input: dr.baseAddress!, rows: memory.rows, columns: m,
          into: &dWeighting)
      }
    }
    // Eight columns at a time (`Kernels.RowBlocks`), with no scalar tail for M = 20.
    let blocks = Kernels.RowBlocks<S>(count: m)
    w.withUnsafeBufferPointer { w in
      dRead.withUnsafeBufferPointer { dr in
        memoryGradient.withUnsafeMutableBufferPointer { dM in
          for i in 0..<memory.rows {
            let wi = w[i]
            blocks.update(dM.baseAddress! + i * m) { dRow, start, _ in
              wi * blocks.load(dr.baseAddress!, start) + dRow
            }
          }
        }
      }
    }
  }

  /// One write per head, applied as the paper's rule: every erase, then every add, so that the
  /// order of heads does not matter (erases multiply, adds sum).
  /// M̃(i) = M(i) ∘ Πₕ (1 − wₕ(i) eₕ), then M(i) = M̃(i) + Σₕ wₕ(i) aₕ.
  ///
  /// The memory is copied, then each head's erase and after them each head's add update, in
  /// place, the rows the head weights, eight columns at a time (`Kernels.RowBlocks`).
  static func write<S: NTMScalar>(
    _ memory: Matrix<S>, weightings: [[S]], erases: [[S]], adds: [[S]]
  ) -> Matrix<S> {
    var result = Matrix<S>(rows: 0, columns: 0)
    write(
      memory, heads: weightings.count, weighting: { weightings[$0] }, erase: { erases[$0] },
      add: { adds[$0] },
      into: &result)
    return result
  }

  /// `write` into `result`, its buffer kept when it can be, with head h's vectors given by
  /// `weighting(h)`, `erase(h)` and `add(h)` (no arrays of them to build at every step).
  static func write<S: NTMScalar>(
    _ memory: Matrix<S>, heads: Int, weighting: (Int) -> [S], erase: (Int) -> [S], add: (Int) -> [S],
    into result: inout Matrix<S>
  ) {
    let m = memory.columns
    let blocks = Kernels.RowBlocks<S>(count: m)
    if result.rows != memory.rows || result.columns != m {
      result = Matrix(rows: memory.rows, columns: m)
    }
    memory.values.withUnsafeBufferPointer { old in
      result.values.overwrite(copying: old.baseAddress!, count: old.count)
    }
    result.values.withUnsafeMutableBufferPointer { out in
      for h in 0..<heads {
        weighting(h).withUnsafeBufferPointer { w in
          erase(h).withUnsafeBufferPointer { e in
            for i in 0..<memory.rows where w[i] != 0 {
              let (wi, e) = (SIMD8<S>(repeating: w[i]), e.baseAddress!)
              blocks.update(out.baseAddress! + i * m) { row, j, _ in row * (1 - wi * blocks.load(e, j)) }
            }
          }
        }
      }
      for h in 0..<heads {
        weighting(h).withUnsafeBufferPointer { w in
          add(h).withUnsafeBufferPointer { a in
            for i in 0..<memory.rows where w[i] != 0 {
              let (wi, a) = (w[i], a.baseAddress!)
              blocks.update(out.baseAddress! + i * m) { row, j, _ in wi * blocks.load(a, j) + row }
            }
          }
        }
      }
    }
  }

  /// The gradients of `write`, given dM with respect to the memory after the write and the
  /// memory before it. Returns dM before, and dw, de, da for each head.
  ///
  /// For head h the erase factor's derivative needs the product of the other heads' factors;
  /// it is multiplied out directly rather than divided out of the full product, so a factor of
  /// exactly zero (full weight, full erase) is handled.
  ///
  /// Worked eight columns at a time (`Kernels.RowBlocks`), each block down all the rows, so
  /// that deₕ and daₕ of a block are summed in registers; every element gets the same operations
  /// in the same order as a scalar loop. dwₕ(i) = Σⱼ (terms of row i) is summed over the columns
  /// in order too, block after block, but eight rows at a time, one row per lane
  /// (`addingLanes`), rather than as one row's chain of dependent additions after another.
  ///
  /// For `Float` on x86-64 with AVX2, `ntm_write_backward` performs the same operations eight
  /// columns at a time in AVX registers (`kernel: false` runs this Swift definition instead).
  static func writeBackward<S: NTMScalar>(
    before memory: Matrix<S>, weightings: [[S]], erases: [[S]], adds: [[S]], dAfter: [S], kernel: Bool = true
  ) -> (dBefore: [S], dWeightings: [[S]], dErases: [[S]], dAdds: [[S]]) {
    var dBefore: [S] = []
    var gradients = WriteGradients<S>()
    writeBackward(
      before: memory, heads: weightings.count, weighting: { weightings[$0] }, erase: { erases[$0] },
      add: { adds[$0] }, dAfter: dAfter, kernel: kernel, dBefore: &dBefore, gradients: &gradients)
    let heads = weightings.count
    return (
      dBefore, (0..<heads).map { gradients.weighting($0) }, (0..<heads).map { gradients.erase($0) },
      (0..<heads).map { gradients.add($0) }
    )
  }

  /// `writeBackward` into `dBefore` and `gradients`, their buffers kept when they can be, with
  /// head h's vectors given by `weighting(h)`, `erase(h)` and `add(h)`.
  static func writeBackward<S: NTMScalar>(
    before memory: Matrix<S>, heads: Int, weighting: (Int) -> [S], erase: (Int) -> [S], add: (Int) -> [S],
    dAfter: [S], kernel: Bool = true, dBefore: inout [S], gradients: inout WriteGradients<S>
  ) {
    let n = memory.rows
    let m = memory.columns
    let blocks = Kernels.RowBlocks<S>(count: m)
    gradients.shape = (heads, n, m)
    // wₕ, eₕ, aₕ and their gradients, every head's in one buffer.
    gradients.values.overwrite(count: 2 * heads * (n + 2 * m)) { buffer in
      let (w, e, a) = (buffer, buffer + heads * n, buffer + heads * (n + m))
      let (dW, dE, dA) = (a + heads * m, a + heads * (m + n), a + heads * (2 * m + n))
      for h in 0..<heads {
        weighting(h).withUnsafeBufferPointer { (w + h * n).update(from: $0.baseAddress!, count: n) }
        erase(h).withUnsafeBufferPointer { (e + h * m).update(from: $0.baseAddress!, count: m) }
        add(h).withUnsafeBufferPointer { (a + h * m).update(from: $0.baseAddress!, count: m) }
      }
      dW.update(repeating: 0, count: heads * (n + 2 * m))
      dBefore.overwrite(count: n * m) { dBefore in
        if kernel && S.self == Float.self {
          let done = memory.values.withUnsafeBufferPointer { old in
            dAfter.withUnsafeBufferPointer { d in
              typealias K = Kernels
              return ntm_write_backward(
                K.float(old.baseAddress!), n, m, heads, K.float(w), K.float(e), K.float(a),
                K.float(d.baseAddress!),
                K.float(dBefore), K.float(dW), K.float(dE), K.float(dA))
            }
          }
          if done == 1 { return }
        }
        memory.values.withUnsafeBufferPointer { old in
          dAfter.withUnsafeBufferPointer { d in
            withUnsafeTemporaryAllocation(of: SIMD8<S>.self, capacity: 8) { terms in
              let (old, d, dBefore, terms) = (
                old.baseAddress!, d.baseAddress!, dBefore, terms.baseAddress!
              )
              /// 1 − wₕ(i) eₕ(j) for the block's columns j.
              func keep(_ h: Int, _ i: Int, _ j: Int) -> SIMD8<S> {
                1 - SIMD8<S>(repeating: w[h * n + i]) * blocks.load(e + h * m, j)
              }
              blocks.forEach { j, fresh in
                for h in 0..<heads {
                  let eh = blocks.load(e + h * m, j)
                  let ah = blocks.load(a + h * m, j)
                  var eSum = SIMD8<S>()
                  var aSum = SIMD8<S>()
                  for first in stride(from: 0, to: n, by: 8) {
                    let rows = min(8, n - first)
                    for l in 0..<rows {
                      let i = first + l
                      let wi = w[h * n + i]
                      let g = blocks.load(d + i * m, j)
                      if h == 0 {
                        // dM before = dM after ∘ Πₕ (1 − wₕ(i) eₕ).
                        var v = g
                        for h2 in 0..<heads { v = v * keep(h2, i, j) }
                        blocks.store(v, dBefore + i * m, j)
                      }
                      var common = -g * blocks.load(old + i * m, j)
                      if heads > 1 {
                        // The other heads' erase factors (with one head there are none: a factor of 1).
                        var others = SIMD8<S>(repeating: 1)
                        for h2 in 0..<heads where h2 != h { others = others * keep(h2, i, j) }
                        common = common * others
                      }
                      terms[l] = ah * g + common * eh
                      eSum = common * wi + eSum
                      aSum = wi * g + aSum
                    }
                    let lanes = fresh..<min(8, m - j)  // the block's columns not summed before
                    let sums = dW + h * n + first
                    if rows == 8 {
                      Kernels.store(
                        addingLanes(lanes, of: terms, to: Kernels.load(sums, 0, count: 8)), sums, 0, count: 8)
                    } else {
                      for l in 0..<rows {
                        for lane in lanes { sums[l] += terms[l][lane] }
                      }
                    }
                  }
                  blocks.storeFresh(eSum, dE + h * m, j, fresh: fresh)
                  blocks.storeFresh(aSum, dA + h * m, j, fresh: fresh)
                }
              }
            }
          }
        }
      }
    }
  }

  /// `sums[k] + p[k][l₀] + p[k][l₀ + 1] + …` over the `lanes` l in lane k, for eight vectors p[k]
  /// at once: each vector's lanes added to its own sum in lane order, eight sums side by side.
  @inline(__always)
  private static func addingLanes<S: NTMScalar>(
    _ lanes: Range<Int>, of p: UnsafePointer<SIMD8<S>>, to sums: SIMD8<S>
  ) -> SIMD8<S> {
    var sums = sums
    for l in 0..<8 where lanes.contains(l) {
      var lane = SIMD8<S>()
      for k in 0..<8 { lane[k] = p[k][l] }
      sums = sums + lane
    }
    return sums
  }
}

/// The gradients `MemoryAccess.writeBackward` computes for each write head (dw, de, da), in one
/// buffer with the heads' vectors it read, kept across steps by the backward pass.
struct WriteGradients<S: NTMScalar>: Sendable {
  /// wₕ, eₕ, aₕ of every head, then dwₕ, deₕ, daₕ of every head.
  var values: [S] = []
  var shape = (heads: 0, locations: 0, width: 0)

  private var gradientStart: Int { shape.heads * (shape.locations + 2 * shape.width) }

  /// dwₕ, N values, at `pointer(p)` with p the buffer's base.
  func weightingOffset(_ h: Int) -> Int { gradientStart + h * shape.locations }
  /// deₕ, M values.
  func eraseOffset(_ h: Int) -> Int { gradientStart + shape.heads * shape.locations + h * shape.width }
  /// daₕ, M values.
  func addOffset(_ h: Int) -> Int {
    gradientStart + shape.heads * (shape.locations + shape.width) + h * shape.width
  }

  func weighting(_ h: Int) -> [S] {
    Array(values[weightingOffset(h)..<(weightingOffset(h) + shape.locations)])
  }
  func erase(_ h: Int) -> [S] { Array(values[eraseOffset(h)..<(eraseOffset(h) + shape.width)]) }
  func add(_ h: Int) -> [S] { Array(values[addOffset(h)..<(addOffset(h) + shape.width)]) }
}
