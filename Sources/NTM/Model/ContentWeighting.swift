/// Content-based addressing, `C(M, k, β)[i] = softmax_i(β K(k, M[i]))` with the cosine
/// similarity `K(u, v) = u·v / (‖u‖ ‖v‖ + ε)`: the first stage of an NTM head's addressing and
/// every lookup of a DNC (docs/dnc.md: "as the NTM's"), forward and backward.
///
/// ```swift
/// let memory = Matrix<Float>(rows: 3, columns: 2, values: [1, 0, 0, 1, -1, 0])
/// let lookup = ContentWeighting(key: [1, 0], keyStrength: 10, memory: memory)
/// lookup.weighting   // almost all weight on location 0, the row that points the key's way
/// ```
///
/// A zero key or an all-zero memory row has similarity 0 (the ε keeps the quotient finite), so
/// an empty memory is looked up as a uniform weighting.
public struct ContentWeighting<Scalar: NTMScalar>: Sendable, Equatable {
  /// k: what the lookup looks for.
  public var key: [Scalar]
  /// β: how sharply the weighting prefers the best match.
  public var keyStrength: Scalar
  /// K(k, M[i]) for every location.
  public var similarity: [Scalar]
  /// softmax(β K): the content weighting.
  public var weighting: [Scalar]
  /// ‖M[i]‖ and k·M[i], the parts of the similarity, kept for the backward pass (not part of
  /// the public record).
  var rowNorms: [Scalar] = []
  var keyDots: [Scalar] = []

  /// The lookup of `key` in `memory` with strength `keyStrength`.
  /// - Precondition: `key.count == memory.columns`.
  public init(key: [Scalar], keyStrength: Scalar, memory: Matrix<Scalar>) {
    self = .empty
    update(key: key, keyStrength: keyStrength, memory: memory)
  }

  /// A lookup with no values yet, for `update` to fill.
  static var empty: ContentWeighting { ContentWeighting() }

  private init() { (key, keyStrength, similarity, weighting) = ([], 0, [], []) }

  /// The lookup of `key` in `memory` with strength `keyStrength`, written into this lookup's
  /// vectors, their buffers kept when they can be (a step record a trainer reuses).
  mutating func update(key: [Scalar], keyStrength: Scalar, memory: Matrix<Scalar>) {
    precondition(key.count == memory.columns, "key has \(key.count) values, memory rows \(memory.columns)")
    Addressing.rowNormsAndDots(key: key, memory: memory, norms: &rowNorms, dots: &keyDots)
    self.key.overwrite(copying: key)
    self.keyStrength = keyStrength
    Addressing.cosineSimilarity(key: key, rowNorms: rowNorms, keyDots: keyDots, into: &similarity)
    Activation.softmax(similarity, scaledBy: keyStrength, into: &weighting)
  }

  /// The gradients with respect to the key and the key strength, given `dWeighting` with
  /// respect to the weighting: the key's written into `dKey`, the key strength's returned; the
  /// gradient with respect to `memory` (the memory looked up) is added into `memoryGradient`.
  /// `scratch` holds 4N values: dK and the similarity's coefficients.
  func backward(
    memory: Matrix<Scalar>, dWeighting: [Scalar], memoryGradient: inout [Scalar], dKey: inout [Scalar],
    scratch: inout [Scalar]
  ) -> Scalar {
    let n = weighting.count
    precondition(dWeighting.count == n && memory.rows == n)
    var inner: Scalar = 0  // Σ wᶜ dwᶜ, in location order
    for i in 0..<n { inner += weighting[i] * dWeighting[i] }
    // dK, then the similarity's three coefficients per location.
    var dKeyStrength: Scalar = 0
    scratch.overwrite(count: 4 * n) { scratch in
      dKeyStrength = dWeighting.withUnsafeBufferPointer { dw in
        Addressing.contentBackward(
          weighting: weighting, similarity: similarity, keyStrength: keyStrength, dContent: dw.baseAddress!,
          inner: inner, into: scratch)
      }
      Addressing.cosineSimilarityBackward(
        key: key, rowNorms: rowNorms, keyDots: keyDots, memory: memory, dSimilarity: scratch,
        memoryGradient: &memoryGradient, workspace: scratch + n, dKey: &dKey)
    }
    return dKeyStrength
  }
}
