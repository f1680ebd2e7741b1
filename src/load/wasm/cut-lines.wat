;; Cuts whole lines into fields, 16 bytes at a time (WebAssembly SIMD): the kernel of
;; src/load/line-cut.ts, which states the record layout and holds the same cutting in
;; JavaScript (the reference the tests compare this with, and the fallback).
;;
;; cut(start, end, d, want, cap, out, max, shift) -> lines
;;   The whole lines (each ending with an LF) of memory[start, end), at most `max`. For each,
;;   (want + 3) i32 at `out`, one record after another:
;;     [0] where the line starts, [1] where its LF is,
;;     [2 + j] where field j ends (at delimiter byte `d`, or at the LF), for the fields the line has
;;             up to `want` (the others are not written),
;;     [2 + want] the delimiters in the line, counted up to `cap` (cap >= want >= 1).
;;   Positions are memory offsets + `shift`. Bytes from `end` on are read (up to 15 of them,
;;   which must be in memory) but never counted. A last line without an LF gives no record.
(module
  (memory (export "memory") 1)
  (func (export "cut")
    (param $start i32) (param $end i32) (param $d i32) (param $want i32) (param $cap i32)
    (param $out i32) (param $max i32) (param $shift i32) (result i32)
    (local $i i32) (local $v v128) (local $vd v128) (local $vn v128)
    (local $md i32) (local $mn i32) (local $m i32) (local $b i32) (local $q i32)
    (local $line i32) (local $fields i32) (local $delims i32) (local $n i32)
    (local $rec i32) (local $stride i32) (local $countOff i32) (local $full i32)
    (local.set $stride (i32.shl (i32.add (local.get $want) (i32.const 3)) (i32.const 2)))
    (local.set $countOff (i32.shl (i32.add (local.get $want) (i32.const 2)) (i32.const 2)))
    (local.set $vd (i8x16.splat (local.get $d)))
    (local.set $vn (i8x16.splat (i32.const 10)))
    (local.set $line (local.get $start))
    (local.set $rec (local.get $out))
    (local.set $i (local.get $start))
    (if (i32.eqz (local.get $max)) (then (return (i32.const 0))))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        ;; one bit per byte of the 16 that is the delimiter ($md) or an LF ($mn)
        (local.set $v (v128.load align=1 (local.get $i)))
        (local.set $md (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $vd))))
        (local.set $mn (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $vn))))
        ;; the bytes from `end` on are not the input's
        (if (i32.lt_u (i32.sub (local.get $end) (local.get $i)) (i32.const 16))
          (then
            (local.set $b (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $i))) (i32.const 1)))
            (local.set $md (i32.and (local.get $md) (local.get $b)))
            (local.set $mn (i32.and (local.get $mn) (local.get $b)))))
        ;; once a line has `cap` delimiters, only its LF is looked for
        (local.set $m (select (local.get $mn) (i32.or (local.get $md) (local.get $mn)) (local.get $full)))
        (block $next
          (loop $bits
            (br_if $next (i32.eqz (local.get $m)))
            (local.set $b (i32.ctz (local.get $m)))
            (local.set $q (i32.add (local.get $i) (local.get $b)))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (if (i32.and (i32.shr_u (local.get $mn) (local.get $b)) (i32.const 1))
              (then
                ;; an LF ends the line, and the field it is in
                (if (i32.lt_u (local.get $fields) (local.get $want))
                  (then (i32.store offset=8
                    (i32.add (local.get $rec) (i32.shl (local.get $fields) (i32.const 2)))
                    (i32.add (local.get $q) (local.get $shift)))))
                (i32.store (local.get $rec) (i32.add (local.get $line) (local.get $shift)))
                (i32.store offset=4 (local.get $rec) (i32.add (local.get $q) (local.get $shift)))
                (i32.store (i32.add (local.get $rec) (local.get $countOff)) (local.get $delims))
                (local.set $rec (i32.add (local.get $rec) (local.get $stride)))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (br_if $done (i32.ge_u (local.get $n) (local.get $max)))
                (local.set $line (i32.add (local.get $q) (i32.const 1)))
                (local.set $fields (i32.const 0))
                (local.set $delims (i32.const 0))
                ;; the next line's delimiters in this block count again
                (if (local.get $full)
                  (then
                    (local.set $full (i32.const 0))
                    (local.set $m (i32.and (i32.or (local.get $md) (local.get $mn)) (i32.shl (i32.const -2) (local.get $b)))))))
              (else
                (if (i32.lt_u (local.get $fields) (local.get $want))
                  (then
                    (i32.store offset=8
                      (i32.add (local.get $rec) (i32.shl (local.get $fields) (i32.const 2)))
                      (i32.add (local.get $q) (local.get $shift)))
                    (local.set $fields (i32.add (local.get $fields) (i32.const 1)))))
                (local.set $delims (i32.add (local.get $delims) (i32.const 1)))
                (if (i32.ge_u (local.get $delims) (local.get $cap))
                  (then
                    (local.set $full (i32.const 1))
                    (local.set $m (i32.and (local.get $m) (local.get $mn)))))))
            (br $bits)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))
    (local.get $n))
)
