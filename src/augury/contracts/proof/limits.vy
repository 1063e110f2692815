# pragma version ~=0.4.3
"""
@title Static bounds of the on-chain verifier
@notice Vyper reserves every array at its bound and the EVM prices memory by its
        highest address, so these bounds cost gas on every call, used or not; they are
        set for "small models": the proofs they admit stay well under the block gas
        limit (docs/judge.md). A statement beyond them reverts "exceeds on-chain limits".
"""

MAX_LAYERS: constant(uint256) = 8
MAX_WIDTH: constant(uint256) = 1024  # n_in and n_out of every layer
MAX_OUT: constant(uint256) = 256  # n_out of the last layer (the returned z_L)
MAX_LOG_COLS: constant(uint256) = 9
MAX_COLS: constant(uint256) = 512  # 2^MAX_LOG_COLS columns of the committed matrix
MAX_ROW_BITS: constant(uint256) = 8
MAX_ROWS: constant(uint256) = 256  # 2^MAX_ROW_BITS rows
MAX_LOG_CODE: constant(uint256) = 14  # code length 2^(c + b)
MAX_QUERIES: constant(uint256) = 160  # enough for rate 1/4 and below (148, 121, ...)
MAX_POINTS: constant(uint256) = 136  # MAX_LAYERS * (MAX_LOG_COLS + MAX_ROW_BITS)
MAX_PROOF: constant(uint256) = 65536
