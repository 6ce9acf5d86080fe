/**
 * Plain-words explanations of the ideas an analyst meets while training, shown as "?" help next to
 * the setting or chart where they come up, and all together under "Concepts" in the help menu.
 */
export const CONCEPTS = {
  validationSplit: {
    title: 'Validation split',
    question: 'What is the validation split?',
    text: 'The share of the training data set aside and never trained on. After each epoch the model is scored on it, which shows whether it learns patterns that carry over to new data or only memorises its training examples. 0.1 to 0.2 is usual.',
  },
  epochs: {
    title: 'Epochs and early stopping',
    question: 'What are epochs and early stopping?',
    text: 'One epoch is one pass over all the training data; more epochs give the model more chances to learn, until it starts memorising. Early stopping ends the run once the validation loss has not improved for the number of epochs you set, so a generous epoch count costs nothing.',
  },
  learningRate: {
    title: 'Learning rate',
    question: 'What is the learning rate?',
    text: 'How big a step the model takes each time it corrects its weights. Too high and the loss jumps around or becomes NaN; too low and learning crawls. 0.001 is a good start with Adam.',
  },
  batchSize: {
    title: 'Batch size',
    question: 'What is the batch size?',
    text: 'How many examples the model looks at before each correction of its weights. Larger batches make an epoch faster and the curves smoother; smaller ones correct more often and need less memory. 32 is a common choice.',
  },
  overfitting: {
    title: 'Overfitting',
    question: 'What does overfitting look like?',
    text: 'The model memorises its training examples instead of learning what carries over to new data. On the curves, training loss keeps falling while validation loss stops falling and starts to rise. Early stopping with "keep the best epoch\'s weights" catches it; dropout, a smaller model or more data help too.',
  },
} as const;

export type ConceptId = keyof typeof CONCEPTS;
