"""The `epoch:` block of a model record: Epoch AI's row for the model, as `build.py import epoch-models`
writes it. Kept apart from the curated fields above it so that a re-import can replace it whole without
touching a figure that cites another source; views prefer the curated figure and say so."""

from typing import Literal, Optional

from pydantic import Field

from .common import Date, Fraction, GpuRef, HfRepoId, Line, ModelRef, Positive, Record, Text

EPOCH_SOURCE = "epoch-ai-models"
"""Bare numbers in an `epoch:` block cite this source."""


class EpochFacts(Record):
    """Epoch AI, Data on AI Models: one row, cleaned. Numbers are Epoch's, in Epoch's units."""

    name: Line = Field(description="Epoch's 'Model' name, whitespace cleaned (the join key with Epoch's data).")
    last_modified: Date = Field(description="Epoch's 'Last modified' date for the row.")
    published: Optional[Date] = Field(None, description="Epoch's 'Publication date'.")
    organization: Optional[Line] = Field(None, description="Epoch's 'Organization'.")
    accessibility: Optional[Line] = Field(None, description="Epoch's 'Model accessibility'.")
    hf_developer_id: Optional[Line] = Field(None, description="Epoch's 'Hugging Face developer id'.")
    hf_id: Optional[HfRepoId] = Field(
        None, description="The Hugging Face repository Epoch links for the model: the one repository in its 'Link', "
                          "else one in its 'Accessibility notes' whose name is the model's own. Fills models.hf_id "
                          "where the record has none.")
    parameters: Optional[Positive] = Field(None, description="Parameters (a count, not billions).")
    training_compute_flop: Optional[Positive] = Field(
        None, description="Training compute, FLOP, with Epoch's confidence, bounds and estimation method.")
    estimation_method: Optional[Line] = Field(None, description="Epoch's 'Training compute estimation method'.")
    dataset_size: Optional[Positive] = Field(None, description="Epoch's 'Training dataset size (datapoints)', in "
                                             "dataset_unit.")
    dataset_unit: Optional[Literal["words", "tokens", "unknown"]] = Field(
        None, description="What dataset_size counts, read from Epoch's dataset note: Epoch counts words for some "
                          "language models and tokens for others.")
    epochs: Optional[Positive] = Field(None, description="Epoch's 'Epochs'.")
    training_hardware: Optional[Line] = Field(None, description="Epoch's 'Training hardware', as written.")
    gpu: Optional[GpuRef] = Field(None, description="The catalogue GPU that training_hardware names, if any.")
    hardware_quantity: Optional[Positive] = Field(None, description="Epoch's 'Hardware quantity'.")
    training_time_hours: Optional[Positive] = Field(None, description="Epoch's 'Training time (hours)'.")
    chip_hours: Optional[Positive] = Field(None, description="Epoch's 'Training chip-hours'.")
    mfu: Optional[Fraction] = Field(None, description="Epoch's 'Hardware utilization (MFU)'.")
    power_draw_w: Optional[Positive] = Field(None, description="Epoch's 'Training power draw (W)' (the cluster).")
    numerical_format: Optional[Line] = Field(None, description="Epoch's 'Numerical format'.")
    cost_usd_2023: Optional[Positive] = Field(None, description="Epoch's 'Training compute cost (2023 USD)'.")
    base_model: Optional[Line] = Field(None, description="Epoch's 'Base model', as written.")
    base_model_id: Optional[ModelRef] = Field(None, description="The catalogue model that base_model names, if any.")
    finetune_compute_flop: Optional[Positive] = Field(None, description="Epoch's 'Finetune compute (FLOP)'.")
    post_training_compute_flop: Optional[Positive] = Field(None, description="Epoch's 'Post-training compute (FLOP)'.")
    note: Optional[Text] = Field(None, description="Epoch's training-compute note.")

    def references(self):
        refs = [(("epoch", "gpu"), "gpus", self.gpu)] if self.gpu else []
        if self.base_model_id:
            refs.append((("epoch", "base_model_id"), "models", self.base_model_id))
        return refs
