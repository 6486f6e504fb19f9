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
    let dWeighting = memory.values.withUnsafeBufferPointer { rows in
      Kernels.matrixVector(rows.baseAddress!, dRead, rows: memory.rows, columns: m)
    }
    dRead.withUnsafeBufferPointer { dr in
      memoryGradient.withUnsafeMutableBufferPointer { dM in
        for i in 0..<memory.rows { Kernels.axpy(w[i], dr.baseAddress!, dM.baseAddress! + i * m, count: m) }
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
  /// Worked eight columns at a time (`Kernels.RowBlocks`), each block down all the rows, so
  /// that deₕ and daₕ of a block are summed in registers; every element gets the same operations
  /// in the same order as a scalar loop. dwₕ(i) is still summed over the columns in order, but
  /// after all rows are done and four rows at a time: a row's sum is a chain of dependent
  /// additions, which only overlap with other rows' chains that way.
  static func writeBackward<S: NTMScalar>(
    before memory: Matrix<S>, weightings: [[S]], erases: [[S]], adds: [[S]], dAfter: [S]
  ) -> (dBefore: [S], dWeightings: [[S]], dErases: [[S]], dAdds: [[S]]) {
    let n = memory.rows
    let m = memory.columns
    let heads = weightings.count
    let blocks = Kernels.RowBlocks<S>(count: m)
    let w = Kernels.concatenated([], weightings)  // heads × n
    let e = Kernels.concatenated([], erases)  // heads × m
    let a = Kernels.concatenated([], adds)  // heads × m
    var dBefore = [S](repeating: 0, count: n * m)
    var dW = [S](repeating: 0, count: heads * n)
    var dE = [S](repeating: 0, count: heads * m)
    var dA = [S](repeating: 0, count: heads * m)
    var terms = [S](repeating: 0, count: heads * n * m)  // the terms of dwₕ(i), heads × n × m
    w.withUnsafeBufferPointer { w in
      e.withUnsafeBufferPointer { e in
        a.withUnsafeBufferPointer { a in
          memory.values.withUnsafeBufferPointer { old in
            dAfter.withUnsafeBufferPointer { d in
              dBefore.withUnsafeMutableBufferPointer { dBefore in
                dE.withUnsafeMutableBufferPointer { dE in
                  dA.withUnsafeMutableBufferPointer { dA in
                    terms.withUnsafeMutableBufferPointer { terms in
                      let (e, a, d, old) = (e.baseAddress!, a.baseAddress!, d.baseAddress!, old.baseAddress!)
                      /// 1 − wₕ(i) eₕ(j) for the block's columns j.
                      func keep(_ h: Int, _ i: Int, _ j: Int) -> SIMD8<S> {
                        1 - SIMD8<S>(repeating: w[h * n + i]) * blocks.load(e + h * m, j)
                      }
                      blocks.forEach { j, fresh in
                        for i in 0..<n {
                          var v = blocks.load(d + i * m, j)
                          for h in 0..<heads { v = v * keep(h, i, j) }
                          blocks.store(v, dBefore.baseAddress! + i * m, j)
                        }
                        for h in 0..<heads {
                          let eh = blocks.load(e + h * m, j)
                          let ah = blocks.load(a + h * m, j)
                          var eSum = SIMD8<S>()
                          var aSum = SIMD8<S>()
                          for i in 0..<n {
                            let wi = w[h * n + i]
                            let g = blocks.load(d + i * m, j)
                            var others = SIMD8<S>(repeating: 1)
                            for h2 in 0..<heads where h2 != h { others = others * keep(h2, i, j) }
                            let common = -g * blocks.load(old + i * m, j) * others
                            blocks.store(ah * g + common * eh, terms.baseAddress! + (h * n + i) * m, j)
                            eSum = common * wi + eSum
                            aSum = wi * g + aSum
                          }
                          blocks.storeFresh(eSum, dE.baseAddress! + h * m, j, fresh: fresh)
                          blocks.storeFresh(aSum, dA.baseAddress! + h * m, j, fresh: fresh)
                        }
                      }
                      dW.withUnsafeMutableBufferPointer { dW in
                        var row = 0
                        while row + 4 <= heads * n {
                          var (s0, s1, s2, s3) = (S(0), S(0), S(0), S(0))
                          for j in 0..<m {
                            s0 += terms[row * m + j]
                            s1 += terms[(row + 1) * m + j]
                            s2 += terms[(row + 2) * m + j]
                            s3 += terms[(row + 3) * m + j]
                          }
                          (dW[row], dW[row + 1], dW[row + 2], dW[row + 3]) = (s0, s1, s2, s3)
                          row += 4
                        }
                        for row in row..<(heads * n) {
                          for j in 0..<m { dW[row] += terms[row * m + j] }
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
