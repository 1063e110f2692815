"""AI as the objective: the data DAO's off-chain machinery.

* :mod:`augury.dao.batch` -- the batch file format (JSONL) and its keccak256 content hash;
* :mod:`augury.dao.store` -- the content-addressed SQLite store of submitted batches;
* :mod:`augury.dao.screening` -- duplicate, label-noise, outlier and backdoor screens;
* :mod:`augury.dao.challenges` -- which pending batches to challenge, from the flags;
* :mod:`augury.dao.valuation` -- exact KNN-Shapley values, with the duplicate rule;
* :mod:`augury.dao.rewards` -- value to payouts (capped, exact integer split);
* :mod:`augury.dao.merkle` -- the reward distributor's Merkle tree and proofs;
* :mod:`augury.dao.epoch` -- one reward epoch: values -> payouts -> distributor tree;
* :mod:`augury.dao.training` -- accepted data + jury-resolved outcomes -> a judge model.

Submodules are imported on use, so ``import augury.dao`` stays cheap.
"""
