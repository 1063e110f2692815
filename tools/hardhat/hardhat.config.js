// Config for the local Hardhat node used by augury's tests and benchmarks.
// Chain id 31337, automine on, the default 20 funded accounts.
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      mining: { auto: true },
      // Match the embedded EVM (py-evm Prague) and Vyper 0.4.3's default target.
      hardfork: "prague",
    },
  },
};
