/// Reading from and writing to memory (the paper's sections 3.1 and 3.2), forward and backward.
enum MemoryAccess {
  /// r = Σᵢ w(i) M(i).
  static func read<S: NTMScalar>(_ memory: Matrix<S>, weighting w: [S]) -> [S] {
    var r = [S](repeating: 0, count: memory.columns)
    memory.values.withUnsafeBufferPointer { rows in
      r.withUnsafeMutableBufferPointer { out in
        for i in 0..<memory.rows where w[i] != 0 {
          Kernels.axpy(w[i], rows.baseAddress! + i * memory.columns, out.baseAddress!, count: memory.columns)
        }
      }
    }
    return r
  }

  /// Adds the gradients of r = Σᵢ w(i) M(i): dw(i) = M(i)·dr, dM(i) += w(i) dr.
  static func readBackward<S: NTMScalar>(
    _ memory: Matrix<S>, weighting w: [S], dRead: [S], memoryGradient: inout [S]
  ) -> [S] {
    let m = memory.columns
    var dWeighting = [S](repeating: 0, count: memory.rows)
    memory.values.withUnsafeBufferPointer { rows in
      dRead.withUnsafeBufferPointer { dr in
        memoryGradient.withUnsafeMutableBufferPointer { dM in
          for i in 0..<memory.rows {
            dWeighting[i] = Kernels.dot(rows.baseAddress! + i * m, dr.baseAddress!, count: m)
            Kernels.axpy(w[i], dr.baseAddress!, dM.baseAddress! + i * m, count: m)
          }
        }
      }
    }
    return dWeighting
  }

  /// One write per head, applied as the paper's rule: every erase, then every add, so that the
  /// order of heads does not matter (erases multiply, adds sum).
  /// M̃(i) = M(i) ∘ Πₕ (1 − wₕ(i) eₕ), then M(i) = M̃(i) + Σₕ wₕ(i) aₕ.
  static func write<S: NTMScalar>(
    _ memory: Matrix<S>, weightings: [[S]], erases: [[S]], adds: [[S]]
  ) -> Matrix<S> {
    var result = memory
    let m = memory.columns
    for h in weightings.indices {
      for i in 0..<memory.rows where weightings[h][i] != 0 {
        for j in 0..<m { result.values[i * m + j] *= 1 - weightings[h][i] * erases[h][j] }
      }
    }
    for h in weightings.indices {
      for i in 0..<memory.rows where weightings[h][i] != 0 {
        for j in 0..<m { result.values[i * m + j] += weightings[h][i] * adds[h][j] }
      }
    }
    return result
  }

  /// The gradients of `write`, given dM with respect to the memory after the write and the
  /// memory before it. Returns dM before, and dw, de, da for each head.
  static func writeBackward<S: NTMScalar>(
    before memory: Matrix<S>, weightings w: [[S]], erases e: [[S]], adds a: [[S]], dAfter: [S]
  ) -> (dBefore: [S], dWeightings: [[S]], dErases: [[S]], dAdds: [[S]]) {
    let n = memory.rows
    let m = memory.columns
    let heads = w.count
    var dBefore = [S](repeating: 0, count: n * m)
    var dW = [[S]](repeating: [S](repeating: 0, count: n), count: heads)
    var dE = [[S]](repeating: [S](repeating: 0, count: m), count: heads)
    var dA = [[S]](repeating: [S](repeating: 0, count: m), count: heads)
    var keep = [S](repeating: 1, count: heads)  // 1 − wₕ(i) eₕ(j) for each head
    for i in 0..<n {
      for j in 0..<m {
        let d = dAfter[i * m + j]
        var product: S = 1
        for h in 0..<heads {
          keep[h] = 1 - w[h][i] * e[h][j]
          product *= keep[h]
          dA[h][j] += w[h][i] * d
          dW[h][i] += a[h][j] * d
        }
        dBefore[i * m + j] = d * product
        let old = memory.values[i * m + j]
        if old == 0 || d == 0 { continue }
        for h in 0..<heads {
          // Product over the other heads, computed directly so that a factor of zero is fine.
          var others: S = 1
          for h2 in 0..<heads where h2 != h { others *= keep[h2] }
          let common = -d * old * others
          dW[h][i] += common * e[h][j]
          dE[h][j] += common * w[h][i]
        }
      }
    }
    return (dBefore, dW, dE, dA)
  }
}
