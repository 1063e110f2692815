"""augury: AI and Ethereum working together against crypto scams.

The four roles of AI from the seed essay, run as one system:

* ``augury.market`` — AI as a *player*: agents trade micro prediction markets,
  a human jury resolves a random sample.
* ``augury.guard`` — AI as an *interface*: a wallet guard that simulates,
  decodes and explains signing requests.
* ``augury.judge`` / ``augury.proof`` — AI as the *rules*: a committed model with
  proven inference, query quotas and delayed publication.
* ``augury.dao`` — AI as the *objective*: a data DAO that curates and values the
  training data and governs the model.

``augury.chain`` is the one interface to Ethereum they all share, and ``augury.models``
the phishing-domain models they learn with.
"""

__version__ = "0.1.0"
