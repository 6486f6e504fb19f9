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
    result.values.withUnsafeMutableBufferPointer { out in
      for h in weightings.indices {
        weightings[h].withUnsafeBufferPointer { w in
          erases[h].withUnsafeBufferPointer { e in
            for i in 0..<memory.rows where w[i] != 0 {
              let row = out.baseAddress! + i * m
              for j in 0..<m { row[j] *= 1 - w[i] * e[j] }
            }
          }
        }
      }
      for h in weightings.indices {
        weightings[h].withUnsafeBufferPointer { w in
          adds[h].withUnsafeBufferPointer { a in
            for i in 0..<memory.rows where w[i] != 0 {
              Kernels.axpy(w[i], a.baseAddress!, out.baseAddress! + i * m, count: m)
            }
          }
        }
      }
    }
    return result
  }

  /// The gradients of `write`, given dM with respect to the memory after the write and the
  /// memory before it. Returns dM before, and dw, de, da for each head.
  ///
  /// For head h the erase factor's derivative needs the product of the other heads' factors;
  /// it is multiplied out directly rather than divided out of the full product, so a factor of
  /// exactly zero (full weight, full erase) is handled.
  ///
  /// Each row is processed eight columns at a time (`Kernels.load`/`store`); every element gets
  /// the same operations in the same order as a scalar loop, and dw(i) is still summed over the
  /// columns in order.
  static func writeBackward<S: NTMScalar>(
    before memory: Matrix<S>, weightings: [[S]], erases: [[S]], adds: [[S]], dAfter: [S]
  ) -> (dBefore: [S], dWeightings: [[S]], dErases: [[S]], dAdds: [[S]]) {
    let n = memory.rows
    let m = memory.columns
    let heads = weightings.count
    let w = Array(weightings.joined())  // heads × n
    let e = Array(erases.joined())  // heads × m
    let a = Array(adds.joined())  // heads × m
    var dBefore = [S](repeating: 0, count: n * m)
    var dW = [S](repeating: 0, count: heads * n)
    var dE = [S](repeating: 0, count: heads * m)
    var dA = [S](repeating: 0, count: heads * m)
    var keep = [S](repeating: 1, count: heads * m)  // 1 − wₕ(i) eₕ(j) for the current row i
    w.withUnsafeBufferPointer { w in
      e.withUnsafeBufferPointer { e in
        a.withUnsafeBufferPointer { a in
          memory.values.withUnsafeBufferPointer { old in
            dAfter.withUnsafeBufferPointer { d in
              dBefore.withUnsafeMutableBufferPointer { dBefore in
                dE.withUnsafeMutableBufferPointer { dE in
                  dA.withUnsafeMutableBufferPointer { dA in
                    keep.withUnsafeMutableBufferPointer { keep in
                      let (e, a, keep) = (e.baseAddress!, a.baseAddress!, keep.baseAddress!)
                      for i in 0..<n {
                        let dRow = d.baseAddress! + i * m
                        let oldRow = old.baseAddress! + i * m
                        for h in 0..<heads {
                          let wi = SIMD8<S>(repeating: w[h * n + i])
                          for j in stride(from: 0, to: m, by: 8) {
                            Kernels.store(1 - wi * Kernels.load(e + h * m, j, count: m), keep + h * m, j, count: m)
                          }
                        }
                        for j in stride(from: 0, to: m, by: 8) {
                          var v = Kernels.load(dRow, j, count: m)
                          for h in 0..<heads { v = v * Kernels.load(keep + h * m, j, count: m) }
                          Kernels.store(v, dBefore.baseAddress! + i * m, j, count: m)
                        }
                        for h in 0..<heads {
                          let wi = w[h * n + i]
                          var dwi: S = 0
                          for j in stride(from: 0, to: m, by: 8) {
                            let g = Kernels.load(dRow, j, count: m)
                            var others = SIMD8<S>(repeating: 1)
                            for h2 in 0..<heads where h2 != h { others = others * Kernels.load(keep + h2 * m, j, count: m) }
                            let common = -g * Kernels.load(oldRow, j, count: m) * others
                            let eh = Kernels.load(e + h * m, j, count: m)
                            let term = Kernels.load(a + h * m, j, count: m) * g + common * eh
                            for l in 0..<min(8, m - j) { dwi += term[l] }
                            let dEh = dE.baseAddress! + h * m
                            Kernels.store(common * wi + Kernels.load(dEh, j, count: m), dEh, j, count: m)
                            let dAh = dA.baseAddress! + h * m
                            Kernels.store(wi * g + Kernels.load(dAh, j, count: m), dAh, j, count: m)
                          }
                          dW[h * n + i] = dwi
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    func split(_ flat: [S], _ size: Int) -> [[S]] {
      (0..<heads).map { Array(flat[($0 * size)..<(($0 + 1) * size)]) }
    }
    return (dBefore, split(dW, n), split(dE, m), split(dA, m))
  }
}
