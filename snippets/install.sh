pip install tensorflow
