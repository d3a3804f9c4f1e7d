;; The float32 apply loop of ATen's CPU batch_norm (y = x * alpha + beta per (n, c) row), in WebAssembly SIMD.
;; Assembled by `npm run gen:wasm` into batch-norm-simd.generated.ts; used by batch-norm-fast.ts.
;;
;; WebAssembly's f32.mul and f32.add are IEEE-754 single-precision operations rounding to nearest even, never fused
;; and never flushing subnormals: exactly the float ops of PyTorch's build, so every non-NaN result is bit-exact.
;; Which NaN comes out depends on operand order, which WebAssembly does not promise: the function reports whether any
;; result is NaN, and the caller then recomputes with the machine's operand order in JavaScript.
;;
;; Memory, from byte 0: `channels` pairs (alpha, beta) of f32, then the input, then the output (rows * spatial f32
;; each). The caller grows the memory to fit.
(module
  (memory (export "memory") 1)
  (func (export "affine") (param $ab i32) (param $x i32) (param $y i32) (param $rows i32) (param $channels i32) (param $spatial i32) (result i32)
    (local $row i32) (local $j i32) (local $vectors i32) (local $pair i32)
    (local $a f32) (local $b f32) (local $s f32) (local $va v128) (local $vb v128) (local $v v128) (local $nan v128)
    (local $scalarNaN i32)
    (local.set $vectors (i32.and (local.get $spatial) (i32.const -4)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rows)))
        ;; row = n * channels + c: its channel's (alpha, beta)
        (local.set $pair (i32.add (local.get $ab) (i32.shl (i32.rem_u (local.get $row) (local.get $channels)) (i32.const 3))))
        (local.set $a (f32.load (local.get $pair)))
        (local.set $b (f32.load offset=4 (local.get $pair)))
        (local.set $va (f32x4.splat (local.get $a)))
        (local.set $vb (f32x4.splat (local.get $b)))
        (local.set $j (i32.const 0))
        ;; four at a time
        (block $vectorsDone
          (loop $vectorLoop
            (br_if $vectorsDone (i32.ge_u (local.get $j) (local.get $vectors)))
            (local.set $v (f32x4.add (f32x4.mul (v128.load align=4 (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))) (local.get $va)) (local.get $vb)))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store align=4 (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 2))) (local.get $v))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vectorLoop)))
        ;; the rest of the row, one at a time
        (block $scalarsDone
          (loop $scalarLoop
            (br_if $scalarsDone (i32.ge_u (local.get $j) (local.get $spatial)))
            (local.set $s (f32.add (f32.mul (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))) (local.get $a)) (local.get $b)))
            (local.set $scalarNaN (i32.or (local.get $scalarNaN) (f32.ne (local.get $s) (local.get $s))))
            (f32.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 2))) (local.get $s))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $scalarLoop)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $spatial) (i32.const 2))))
        (local.set $y (i32.add (local.get $y) (i32.shl (local.get $spatial) (i32.const 2))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowLoop)))
    (i32.or (v128.any_true (local.get $nan)) (local.get $scalarNaN))))
