/// The dense kernels that dominate the machine's time: matrix–vector products and the
/// rank-one updates of the backward pass.
///
/// Written with explicit `SIMD8` loads and two accumulators because the compiler does not
/// reassociate floating-point sums and so leaves a plain loop scalar (about 6× slower here, see
/// SWIFT-NOTES.md). `a * b + c` rather than `addingProduct`, which becomes a call to `fmaf` on the
/// default x86-64 target. Matrices are row-major.
enum Kernels {
  /// `x · y` over `count` elements.
  @inline(__always)
  static func dot<S: NTMScalar>(_ x: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int) -> S {
    var acc0 = SIMD8<S>()
    var acc1 = SIMD8<S>()
    var j = 0
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeRawPointer(y)
    let stride = MemoryLayout<S>.stride
    while j + 16 <= count {
      acc0 =
        rx.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
        * ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) + acc0
      acc1 =
        rx.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self)
        * ry.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self) + acc1
      j += 16
    }
    if j + 8 <= count {
      acc0 =
        rx.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
        * ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) + acc0
      j += 8
    }
    var sum = (acc0 + acc1).sum()
    while j < count {
      sum += x[j] * y[j]
      j += 1
    }
    return sum
  }

  /// `y += a x` over `count` elements.
  @inline(__always)
  static func axpy<S: NTMScalar>(_ a: S, _ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, count: Int) {
    let va = SIMD8<S>(repeating: a)
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeMutableRawPointer(y)
    let stride = MemoryLayout<S>.stride
    var j = 0
    while j + 8 <= count {
      let v =
        va * rx.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
        + ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
      ry.storeBytes(of: v, toByteOffset: j * stride, as: SIMD8<S>.self)
      j += 8
    }
    while j < count {
      y[j] += a * x[j]
      j += 1
    }
  }

  /// `out = W x + b`, with W of `rows × columns`.
  static func affine<S: NTMScalar>(
    weight: UnsafePointer<S>, bias: UnsafePointer<S>, input: [S], rows: Int, columns: Int
  ) -> [S] {
    precondition(input.count == columns)
    return [S](unsafeUninitializedCapacity: rows) { out, count in
      input.withUnsafeBufferPointer { x in
        for r in 0..<rows {
          out[r] = bias[r] + dot(weight + r * columns, x.baseAddress!, count: columns)
        }
      }
      count = rows
    }
  }

  /// The backward pass of `out = W x + b`: `dW += dout ⊗ x`, `db += dout`, and returns `Wᵀ dout`.
  /// Rows whose gradient is exactly zero are skipped (steps without a target, gates at rest).
  static func affineBackward<S: NTMScalar>(
    weight: UnsafePointer<S>, weightGradient: UnsafeMutablePointer<S>,
    biasGradient: UnsafeMutablePointer<S>, input: [S], outputGradient: [S], rows: Int, columns: Int
  ) -> [S] {
    var inputGradient = [S](repeating: 0, count: columns)
    input.withUnsafeBufferPointer { x in
      inputGradient.withUnsafeMutableBufferPointer { dx in
        for r in 0..<rows {
          let g = outputGradient[r]
          if g == 0 { continue }
          biasGradient[r] += g
          axpy(g, x.baseAddress!, weightGradient + r * columns, count: columns)
          axpy(g, weight + r * columns, dx.baseAddress!, count: columns)
        }
      }
    }
    return inputGradient
  }
}
