"""Chapter 03d's attention one example at a time serves TRL's padding-free rows too: TRL's collator passes the bounds
(`cu_seq_lens_q`...) that `varlen_attention` reads, so the row's logits are each example's read alone; under plain SDPA
on the CPU they are not (chapter 07c: the causal mask compares positions, not examples)."""
import torch

from mtift.fast_step import switch_attention  # mtift first: its __init__ quiets what bitsandbytes prints on import
from mtift.plm import load_model
from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

BOUNDS = ("cu_seq_lens_q", "cu_seq_lens_k", "max_length_q", "max_length_k")

def test_trl_padding_free_rows_attend_one_example_at_a_time():
    model = load_model("tiny-llama").eval()
    g = torch.Generator().manual_seed(0)
    examples = [torch.randint(2, 300, (n,), generator=g).tolist() for n in (30, 12, 45, 7)]
    batch = DataCollatorForLanguageModeling(pad_token_id=0, padding_free=True)(
        [{"input_ids": e, "completion_mask": [0] * 3 + [1] * (len(e) - 3)} for e in examples])
    assert batch["input_ids"].shape == (1, sum(map(len, examples)))  # one row, no mask
    row = lambda: model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], **{k: batch[k] for k in BOUNDS}).logits[0]
    with torch.no_grad():
        alone = torch.cat([model(input_ids=torch.tensor([e])).logits[0] for e in examples])
        leaky = row()
        assert switch_attention(model, "varlen")
        exact = row()
    assert (leaky - alone).abs().max() > 1e-2  # SDPA lets a token see other examples
    torch.testing.assert_close(exact, alone, atol=1e-5, rtol=1e-5)
